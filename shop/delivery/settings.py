"""The delivery document the merchant edits (`GET`/`PUT /api/settings/delivery`, the delivery
page), and its mapping onto the options and pickup points the chat offers.

The chat's ids are not part of the document: an option's is made from its kind and title, a
point's from its option and its own title, so a checkout under way still finds its option
after the merchant reorders the list, and starts over when the option it chose is gone.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from catalog.money import Money
from shop.chat.views import DeliveryKind, DeliveryOption, DeliveryZone, PickupPoint
from shop.texts import t

KEY = "delivery"
MAX_OPTIONS = 10  # a list message holds ten rows
MAX_POINTS = 30
MAX_ZONES = 10  # one list message
MAX_PRICE = Decimal("1000000")
CENT = Decimal("0.01")


def _money(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if value != value.quantize(CENT):
        raise ValueError(t("settings.delivery.kopecks"))
    return value.quantize(CENT)


class Point(BaseModel):
    """A pickup point: shown to shoppers in a list and then as a location pin."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=60, description="Shown in the list (24 fit)")
    address: str = Field(min_length=5, max_length=200)
    lat: Decimal = Field(ge=-90, le=90, max_digits=9, decimal_places=6, description="Latitude")
    lon: Decimal = Field(ge=-180, le=180, max_digits=9, decimal_places=6, description="Longitude")
    hours: str = Field(default="", max_length=100, description="Opening hours, e.g. 10:00–21:00")


class Zone(BaseModel):
    """A part of a courier's area with its own price: the shopper picks it from a list."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=60, description="Shown in the list (24 fit)")
    price: Decimal = Field(ge=0, le=MAX_PRICE, description='"450.00"; 0 is free')
    free_from: Decimal | None = Field(
        default=None, gt=0, le=MAX_PRICE, description="Free in this zone from this goods total"
    )

    _money = field_validator("price", "free_from")(_money)


class Option(BaseModel):
    """A way to receive an order, at a price in the shop's currency."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["courier", "pickup"]
    title: str = Field(min_length=1, max_length=60, description="A button shows its first 20")
    price: Decimal = Field(ge=0, le=MAX_PRICE, description='"350.00"; 0 is free')
    free_from: Decimal | None = Field(
        default=None, gt=0, le=MAX_PRICE, description="Free when the goods cost at least this"
    )
    points: list[Point] = Field(
        default_factory=list, max_length=MAX_POINTS, description="Pickup points (pickup only)"
    )
    zones: list[Zone] = Field(
        default_factory=list,
        max_length=MAX_ZONES,
        description="Courier only: zones with their own prices; the shopper picks one",
    )

    _money = field_validator("price", "free_from")(_money)

    @field_validator("points")
    @classmethod
    def _points_fit_the_kind(cls, points: list[Point], info: ValidationInfo) -> list[Point]:
        kind = info.data.get("kind")
        if kind == "pickup" and not points:
            raise ValueError(t("settings.delivery.no_points"))
        if kind == "courier" and points:
            raise ValueError(t("settings.delivery.courier_points"))
        titles = [p.title.casefold() for p in points]
        if len(set(titles)) != len(titles):
            raise ValueError(t("settings.delivery.point_twice"))
        return points

    @field_validator("zones")
    @classmethod
    def _zones_fit_the_kind(cls, zones: list[Zone], info: ValidationInfo) -> list[Zone]:
        if zones and info.data.get("kind") != "courier":
            raise ValueError(t("settings.delivery.pickup_zones"))
        titles = [z.title.casefold() for z in zones]
        if len(set(titles)) != len(titles):
            raise ValueError(t("settings.delivery.zone_twice"))
        return zones


class DeliverySettings(BaseModel):
    """Every delivery option the chat offers at checkout, in this order."""

    model_config = ConfigDict(extra="forbid")

    options: list[Option] = Field(min_length=1, max_length=MAX_OPTIONS)

    @field_validator("options")
    @classmethod
    def _distinct(cls, options: list[Option]) -> list[Option]:
        titles = [o.title.casefold() for o in options]
        if len(set(titles)) != len(titles):
            raise ValueError(t("settings.delivery.option_twice"))
        return options


def _short_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:10]


def _priced(amount: Decimal | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount=amount, currency=currency)


@lru_cache(maxsize=8)
def chat_views(
    raw: str, currency: str = "RUB"
) -> tuple[tuple[DeliveryOption, ...], tuple[PickupPoint, ...]]:
    """The stored document as the chat reads it, priced in the shop's currency (cached by the
    stored text, so each process follows a change at its next transaction)."""
    doc = DeliverySettings.model_validate_json(raw)
    options: list[DeliveryOption] = []
    points: list[PickupPoint] = []
    for option in doc.options:
        option_id = "o" + _short_id(option.kind, option.title)
        free_from = _priced(option.free_from, currency)
        zones = tuple(
            DeliveryZone(
                "z" + _short_id(option_id, z.title),
                z.title,
                Money(amount=z.price, currency=currency),
                _priced(z.free_from, currency),
            )
            for z in option.zones
        )
        options.append(
            DeliveryOption(
                option_id,
                DeliveryKind(option.kind),
                option.title,
                Money(amount=option.price, currency=currency),
                free_from=free_from,
                zones=zones,
            )
        )
        points.extend(
            PickupPoint(
                "p" + _short_id(option_id, p.title),
                p.title,
                p.address,
                p.lat,
                p.lon,
                p.hours,
                option=option_id,
            )
            for p in option.points
        )
    return tuple(options), tuple(points)
