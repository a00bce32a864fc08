"""Delivery options and pickup points the merchant offers, stored as JSON merchant settings
(the delivery document of `settings.py`, or the older `delivery_options`/`pickup_points`)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop import merchant_settings
from shop.chat.views import DeliveryKind, DeliveryOption, PickupPoint
from shop.delivery.settings import KEY as DOCUMENT_KEY
from shop.delivery.settings import DeliverySettings, Option, Point, chat_views
from shop.storage.fastpath import once_per_transaction
from shop.storage.sql import run
from shop.storage.tables import MerchantSetting
from shop.texts import Locale, t

OPTIONS_KEY, POINTS_KEY = "delivery_options", "pickup_points"
_SETTING = MerchantSetting.__table__  # type: ignore[attr-defined]
_BOTH = select(_SETTING.c.key, _SETTING.c.value).where(
    _SETTING.c.key.in_((DOCUMENT_KEY, OPTIONS_KEY, POINTS_KEY))
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
# The built-in options speak the chat's language (their titles come from the text
# catalogue) and cost in the shop's currency; a merchant's own options are shown as written.
# The sandbox's demo: (id, kind, title's text key, price).
_SANDBOX = (
    ("pickup", DeliveryKind.PICKUP, "delivery.pickup", "0"),
    ("courier", DeliveryKind.COURIER, "delivery.courier", "300"),
)
# Until the merchant sets up delivery, production offers one honest option.
_FALLBACK = (("agreed", DeliveryKind.COURIER, "delivery.agreed", "0"),)


@lru_cache(maxsize=16)
def builtin_options(
    *, sandbox: bool, currency: str = "RUB", locale: Locale = "ru"
) -> tuple[DeliveryOption, ...]:
    """The sandbox's demo options, or production's fallback before the merchant sets any."""
    return tuple(
        DeliveryOption(
            key_id, kind, t(key, locale), Money(amount=Decimal(price), currency=currency)
        )
        for key_id, kind, key, price in (_SANDBOX if sandbox else _FALLBACK)
    )


@lru_cache(maxsize=8)
def parse_options(raw: str, currency: str = "RUB") -> tuple[DeliveryOption, ...]:
    """`[{"id","kind","title","price"}]` → options priced in the shop's currency; a readable
    ValueError otherwise. The titles stay as the merchant wrote them."""
    items: list[dict[str, Any]] = json.loads(raw)
    return tuple(
        DeliveryOption(
            str(item["id"]),
            DeliveryKind(item["kind"]),
            str(item["title"]),
            Money(amount=Decimal(str(item["price"])), currency=currency),
        )
        for item in items
    )


@lru_cache(maxsize=8)
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
    session: AsyncSession, *, sandbox: bool, currency: str = "RUB", locale: Locale = "ru"
) -> tuple[tuple[DeliveryOption, ...], tuple[PickupPoint, ...]]:
    # One read of both settings per transaction (an inbox batch handles up to 16 messages
    # in one); parsing is cached by the stored text.
    async def read() -> dict[str, str]:
        return {r.key: r.value for r in await run(session, _BOTH)}

    stored = await once_per_transaction(session, "vitrina.delivery", read)
    # The document saved from the pages or the API wins over the older pair of JSON lists.
    if DOCUMENT_KEY in stored:
        return chat_views(stored[DOCUMENT_KEY], currency)
    if OPTIONS_KEY in stored:
        points = parse_points(stored[POINTS_KEY]) if POINTS_KEY in stored else ()
        return parse_options(stored[OPTIONS_KEY], currency), points
    options = builtin_options(sandbox=sandbox, currency=currency, locale=locale)
    return options, SANDBOX_POINTS if sandbox else ()


async def delivery_document(
    session: AsyncSession, *, sandbox: bool, currency: str = "RUB"
) -> tuple[DeliverySettings, bool]:
    """What the merchant's pages and API show, and whether it was saved as a document: before
    that, the options the chat offers now (the older lists or the built-in ones), unchecked."""
    saved = await merchant_settings.load(session, DOCUMENT_KEY, DeliverySettings)
    if saved is not None:
        return saved, True
    options, points = await delivery_setup(session, sandbox=sandbox, currency=currency)
    return DeliverySettings.model_construct(
        options=[
            Option.model_construct(
                kind=o.kind.value,
                title=o.title,
                price=o.price.amount,
                free_from=None if o.free_from is None else o.free_from.amount,
                points=[
                    Point.model_construct(
                        title=p.title, address=p.address, lat=p.lat, lon=p.lon, hours=p.hours
                    )
                    for p in points
                    if o.kind is DeliveryKind.PICKUP and p.option in ("", o.id)
                ],
                zones=[],
            )
            for o in options
        ]
    ), False


async def save_delivery(session: AsyncSession, doc: DeliverySettings, now: datetime) -> None:
    """The next transaction of every process reads it (see `delivery_setup`)."""
    await merchant_settings.save(session, DOCUMENT_KEY, doc, now)
