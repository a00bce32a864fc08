"""Delivery options: the shop's built-in ones speak the chat's language and cost in the shop's
currency; a merchant's own keep the titles the merchant wrote."""

from __future__ import annotations

import json

import pytest

from catalog.money import Money
from shop.chat.views import DeliveryKind
from shop.delivery.options import OPTIONS_KEY, builtin_options, delivery_setup, parse_options
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting
from shop.texts import Locale


@pytest.mark.parametrize(
    ("sandbox", "locale", "titles"),
    [
        (False, "ru", ["Доставка по согласованию"]),
        (False, "en", ["Delivery as agreed"]),
        (True, "ru", ["Самовывоз", "Курьер"]),
        (True, "en", ["Pickup", "Courier"]),
    ],
)
def test_built_in_options_follow_the_chats_language(
    sandbox: bool, locale: Locale, titles: list[str]
) -> None:
    options = builtin_options(sandbox=sandbox, currency="EUR", locale=locale)
    assert [o.title for o in options] == titles
    assert {o.price.currency for o in options} == {"EUR"}


def test_the_sandbox_demo_keeps_its_ids_kinds_and_prices() -> None:
    options = builtin_options(sandbox=True)
    assert [(o.id, o.kind, o.price) for o in options] == [
        ("pickup", DeliveryKind.PICKUP, Money.rub(0)),
        ("courier", DeliveryKind.COURIER, Money.rub(300)),
    ]


def test_a_merchants_options_are_priced_in_the_shops_currency_exactly() -> None:
    raw = json.dumps([{"id": "dpd", "kind": "courier", "title": "DPD до двери", "price": "4.90"}])
    [option] = parse_options(raw, "EUR")
    assert (option.title, option.price) == (
        "DPD до двери",
        Money(amount="4.90", currency="EUR"),  # type: ignore[arg-type]
    )


async def test_a_merchants_titles_stay_as_written_in_an_english_chat(db: Database) -> None:
    mine = [{"id": "own", "kind": "pickup", "title": "Забрать в лавке", "price": 0}]
    async with db.transaction() as session:
        session.add(MerchantSetting(key=OPTIONS_KEY, value=json.dumps(mine, ensure_ascii=False)))
    async with db.sessions() as session:
        options, points = await delivery_setup(session, sandbox=True, locale="en")
    assert [o.title for o in options] == ["Забрать в лавке"]
    assert points == ()


async def test_production_without_settings_offers_the_fallback_in_the_chats_language(
    db: Database,
) -> None:
    async with db.sessions() as session:
        options, points = await delivery_setup(session, sandbox=False, currency="KZT", locale="en")
    assert [(o.id, o.title, o.price.currency) for o in options] == [
        ("agreed", "Delivery as agreed", "KZT")
    ]
    assert points == ()
