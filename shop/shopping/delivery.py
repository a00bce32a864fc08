"""Delivery options and pickup points the merchant offers, stored as JSON merchant settings."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.conversation.views import DeliveryKind, DeliveryOption, PickupPoint
from shop.storage.tables import MerchantSetting

OPTIONS_KEY, POINTS_KEY = "delivery_options", "pickup_points"

SANDBOX_OPTIONS = (
    DeliveryOption("pickup", DeliveryKind.PICKUP, "Самовывоз", Money.rub(0)),
    DeliveryOption("courier", DeliveryKind.COURIER, "Курьер", Money.rub("300")),
)
SANDBOX_POINTS = (
    PickupPoint(
        "tverskaya",
        "Тверская, 7",
        "Москва, ул. Тверская, 7",
        Decimal("55.7597"),
        Decimal("37.6141"),
        "10:00–21:00",
    ),
    PickupPoint(
        "arbat",
        "Арбат, 24",
        "Москва, ул. Арбат, 24",
        Decimal("55.7508"),
        Decimal("37.5921"),
        "11:00–20:00",
    ),
)
# Until the merchant sets up delivery, production offers one honest option.
FALLBACK_OPTIONS = (
    DeliveryOption("agreed", DeliveryKind.COURIER, "Доставка по согласованию", Money.rub(0)),
)


def parse_options(raw: str) -> tuple[DeliveryOption, ...]:
    """`[{"id","kind","title","price"}]` → options; a readable ValueError otherwise."""
    items: list[dict[str, Any]] = json.loads(raw)
    return tuple(
        DeliveryOption(
            str(item["id"]),
            DeliveryKind(item["kind"]),
            str(item["title"]),
            Money.rub(item["price"]),
        )
        for item in items
    )


def parse_points(raw: str) -> tuple[PickupPoint, ...]:
    items: list[dict[str, Any]] = json.loads(raw)
    return tuple(
        PickupPoint(
            str(item["id"]),
            str(item["title"]),
            str(item["address"]),
            Decimal(str(item["lat"])),
            Decimal(str(item["lon"])),
            str(item.get("hours", "")),
        )
        for item in items
    )


async def delivery_setup(
    session: AsyncSession, *, sandbox: bool
) -> tuple[tuple[DeliveryOption, ...], tuple[PickupPoint, ...]]:
    options_row = await session.get(MerchantSetting, OPTIONS_KEY)
    points_row = await session.get(MerchantSetting, POINTS_KEY)
    if options_row is not None:
        points = parse_points(points_row.value) if points_row is not None else ()
        return parse_options(options_row.value), points
    if sandbox:
        return SANDBOX_OPTIONS, SANDBOX_POINTS
    return FALLBACK_OPTIONS, ()
