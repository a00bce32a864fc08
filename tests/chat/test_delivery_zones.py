"""Courier zones: saved through the API, offered at checkout as a list with each zone's price,
and the zone the shopper picked (its title and price) is what the order records."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal

import pytest
from sqlmodel import select

from catalog.money import Money
from shop.chat.views import DeliveryKind, DeliveryOption, DeliveryZone, find_option
from shop.delivery.settings import DeliverySettings, chat_views
from shop.merchant_settings import Refused, checked
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts, titles
from tests.chat.test_chat_turns import cart_message

COURIER = {
    "kind": "courier",
    "title": "Курьер",
    "price": "300",
    "free_from": None,
    "zones": [
        {"title": "В пределах МКАД", "price": "300", "free_from": "5000"},
        {"title": "За МКАД до 10 км", "price": "600.00", "free_from": None},
    ],
}
PICKUP = {
    "kind": "pickup",
    "title": "Самовывоз",
    "price": "0",
    "points": [
        {"title": "Тверская", "address": "Москва, ул. Тверская, 7", "lat": "55.7", "lon": "37.6"}
    ],
}


async def test_the_zone_picked_in_the_chat_and_its_price_reach_the_order(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    shopper = await start_shopper()
    saved = await shopper.rig.client.put(
        "/api/settings/delivery", json={"options": [COURIER, PICKUP]}
    )
    assert saved.status == 200, await saved.text()
    assert (await saved.json())["options"][0]["zones"][1]["price"] == "600.00"
    await shopper.text("меню")
    replies = await shopper.tap(await shopper.send(cart_message(("TEA1", 1, 299))), "Оформить")
    assert "• Курьер — от 300,00\u00a0₽" in "\n".join(texts(replies))
    replies = await shopper.tap(replies, "Курьер")
    assert titles(replies) == ["В пределах МКАД", "За МКАД до 10 км"]
    assert "Цена зависит от зоны" in texts(replies)[0]
    replies = await shopper.tap(replies, "За МКАД до 10 км")
    replies = await shopper.text("Химки, ул. Ленина, 5, кв. 3")
    replies = await shopper.tap(replies, "На номер WhatsApp")
    summary = "\n".join(texts(replies))
    assert "Курьер: За МКАД до 10 км" in summary
    assert "600,00\u00a0₽" in summary
    await shopper.tap(replies, "Подтвердить")
    async with db.sessions() as session:
        [order] = (await session.exec(select(ShopOrder))).all()
    assert (order.delivery_title, order.delivery_minor, order.total_minor) == (
        "Курьер: За МКАД до 10 км",
        60000,
        29900 + 60000,
    )
    assert order.address == "Химки, ул. Ленина, 5, кв. 3"


def test_an_option_in_a_zone_is_found_by_its_id_and_priced_by_the_zone() -> None:
    inside = DeliveryZone("z1", "МКАД", Money.rub("300"), Money.rub("5000"))
    courier = DeliveryOption("o1", DeliveryKind.COURIER, "Курьер", Money.rub("1"), zones=(inside,))
    zoned = find_option((courier,), "o1~z1")
    assert zoned is not None
    assert (zoned.title, zoned.price_for(Money.rub("4999")).amount) == ("Курьер: МКАД", 300)
    assert zoned.price_for(Money.rub("5000")).amount == Decimal(0)
    assert find_option((courier,), "o1~z2") is None  # a zone removed since
    assert find_option((courier,), "o1") is courier


def test_zones_belong_to_a_courier_and_are_named_once() -> None:
    pickup_zones = {**PICKUP, "zones": [{"title": "А", "price": "1"}]}
    twice = {**COURIER, "zones": [{"title": "А", "price": "1"}, {"title": "а", "price": "2"}]}
    cheap = {**COURIER, "zones": [{"title": "А", "price": "1.005"}]}
    for option, field, words in (
        (pickup_zones, "options.0.zones", "только у курьера"),
        (twice, "options.0.zones", "с одним названием"),
        (cheap, "options.0.zones.0.price", "двух знаков"),
    ):
        with pytest.raises(Refused) as refused:
            checked(DeliverySettings, {"options": [option]})
        [problem] = refused.value.problems
        assert problem.field == field
        assert words in problem.message


def test_a_zone_keeps_its_id_when_the_zones_are_reordered() -> None:
    doc = checked(DeliverySettings, {"options": [COURIER]})
    turned = {**COURIER, "zones": list(reversed(COURIER["zones"]))}  # type: ignore[call-overload]
    again = checked(DeliverySettings, {"options": [turned]})
    [first], _ = chat_views(doc.model_dump_json())
    [second], _ = chat_views(again.model_dump_json())
    assert {z.title: z.id for z in first.zones} == {z.title: z.id for z in second.zones}
