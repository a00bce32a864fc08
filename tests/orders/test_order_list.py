"""The merchant's orders list: search by number and phone, filters, paging, refused filters."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import update

from shop.chat.tables import ShopChat
from shop.orders.queries import number_of, phone_patterns
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.orders.conftest import place
from tests.web.conftest import open_client

__all__ = ["open_client"]


def numbers(page: str) -> list[str]:
    return re.findall(r'href="/admin/orders/\d+">(A-\d+)<', page)


async def shown(client: TestClient, **query: Any) -> tuple[int, str]:
    answer = await client.get("/admin/orders", params=query)
    return answer.status, await answer.text()


async def test_an_order_is_found_by_its_phone_typed_any_way_and_by_its_number(
    open_client: TestClient, db: Database
) -> None:
    for shopper in range(3):  # phones 79001234567, …568, …569
        await place(db, shopper=shopper)
    assert numbers((await shown(open_client, q="+7 (900) 123-45-68"))[1]) == ["A-10002"]
    assert numbers((await shown(open_client, q="8 900 123 45 67"))[1]) == ["A-10001"]
    assert numbers((await shown(open_client, q="8900123"))[1]) == ["A-10003", "A-10002", "A-10001"]
    assert numbers((await shown(open_client, q="4569"))[1]) == ["A-10003"]
    assert numbers((await shown(open_client, q="а-10002"))[1]) == ["A-10002"]  # Cyrillic а
    assert numbers((await shown(open_client, q="#10003"))[1]) == ["A-10003"]
    status, page = await shown(open_client, q="79009999999")
    assert status == 200
    assert numbers(page) == []
    assert "Под фильтр не подходит ни один заказ" in page


async def test_the_list_shows_words_money_local_times_and_the_customer(
    open_client: TestClient, db: Database
) -> None:
    order = await place(db, "1299.00")
    async with db.transaction() as session:
        await session.exec(  # type: ignore[call-overload]
            update(ShopOrder)
            .where(ShopOrder.id == order.id)  # type: ignore[arg-type]
            .values(created_at=datetime(2026, 12, 4, 15, 37, tzinfo=UTC))
        )
    _, page = await shown(open_client)
    assert "Ждёт оплаты" in page
    assert 'data-status="awaiting_payment"' in page
    assert ">awaiting_payment<" not in page
    assert "1\u00a0299,00\u00a0₽" in page
    assert "04.12.2026 18:37" in page  # Moscow
    assert "+7\u00a0900\u00a0123-45-67" in page


async def test_status_and_days_filter_the_list(open_client: TestClient, db: Database) -> None:
    days = [datetime(2026, 12, d, 10, 0, tzinfo=UTC) for d in (1, 2, 3)]
    for shopper, day in enumerate(days):
        order = await place(db, shopper=shopper)
        async with db.transaction() as session:
            await session.exec(  # type: ignore[call-overload]
                update(ShopOrder)
                .where(ShopOrder.id == order.id)  # type: ignore[arg-type]
                .values(created_at=day, status="paid" if shopper == 1 else "awaiting_payment")
            )
    assert numbers((await shown(open_client, status="paid"))[1]) == ["A-10002"]
    assert numbers((await shown(open_client, since="2026-12-02"))[1]) == ["A-10003", "A-10002"]
    assert numbers((await shown(open_client, until="02.12.2026"))[1]) == ["A-10002", "A-10001"]
    both = await shown(open_client, since="2026-12-02", until="2026-12-02", status="paid")
    assert numbers(both[1]) == ["A-10002"]


async def test_the_list_pages_by_fifty_and_its_links_keep_the_filter(
    open_client: TestClient, db: Database
) -> None:
    for shopper in range(53):
        await place(db, shopper=shopper)
    _, first = await shown(open_client, q="7900123")
    _, second = await shown(open_client, q="7900123", page="2")
    assert len(numbers(first)) == 50
    assert numbers(second) == ["A-10003", "A-10002", "A-10001"]
    assert "Найдено: 53" in first
    assert 'href="?q=7900123&amp;page=2"' in first
    _, beyond = await shown(open_client, page="3")
    assert numbers(beyond) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page": "abc"}, "Страница"),
        ({"page": "0"}, "Страница"),
        ({"page": "99999999999999999999"}, "Страница"),
        ({"since": "2026-13-01"}, "С даты"),
        ({"until": "31.02.2026"}, "По дату"),
        ({"since": "2026-12-05", "until": "2026-12-01"}, "По дату"),
        ({"since": "1900-01-01"}, "С даты"),
        ({"status": "shipped'--"}, "Статус"),
        ({"q": "x" * 61}, "Поиск"),
        ({"q": "Иван"}, "Поиск"),
    ],
)
async def test_a_wrong_filter_is_a_400_naming_the_field_in_russian(
    open_client: TestClient, db: Database, query: dict[str, str], field: str
) -> None:
    status, page = await shown(open_client, **query)
    assert status == 400
    found = re.search(r'id="filter-error">([^<]+)<', page)
    assert found is not None
    assert found.group(1).startswith(f"Фильтр не применён. {field}: ")


def test_search_text_is_read_as_a_number_or_phone_digits() -> None:
    assert number_of(" a-10001 ") == "A-10001"
    assert number_of("№ 10001") == "A-10001"
    assert number_of("+7 900") is None
    assert phone_patterns("+7 916 123-45-67") == ["%79161234567%"]
    assert phone_patterns("8 916 123") == ["%8916123%", "7916123%"]
    assert phone_patterns("123") == []


async def set_order(db: Database, order: ShopOrder, **values: Any) -> None:
    async with db.transaction() as session:
        await session.exec(  # type: ignore[call-overload]
            update(ShopOrder).where(ShopOrder.id == order.id).values(**values)  # type: ignore[arg-type]
        )


async def test_the_order_page_names_the_customer_and_links_the_address_to_the_map(
    open_client: TestClient, db: Database
) -> None:
    pinned, typed, pickup = [await place(db, shopper=n) for n in range(3)]
    async with db.transaction() as session:
        chat = await session.get(ShopChat, pinned.chat_id)
        assert chat is not None
        chat.name = "Анна Петрова"
    await set_order(
        db,
        pinned,
        address="Точка на карте: 55.7597, 37.6141",
        latitude="55.7597",
        longitude="37.6141",
    )
    await set_order(db, typed, address="Москва, ул. Тверская, 7, кв. 3")
    await set_order(
        db, pickup, delivery_kind="pickup", delivery_title="Самовывоз", pickup_point="arbat"
    )
    page = await (await open_client.get(f"/admin/orders/{pinned.id}")).text()
    assert 'id="customer">Анна Петрова<' in page
    assert "+7\u00a0900\u00a0123-45-67" in page
    assert 'href="https://yandex.ru/maps/?pt=37.6141%2C55.7597&amp;z=16&amp;l=map"' in page
    assert 'id="order-status" data-status="awaiting_payment">Ждёт оплаты<' in page
    assert "1\u00a0050,00\u00a0₽" in page  # the line, not 1050.00
    page = await (await open_client.get(f"/admin/orders/{typed.id}")).text()
    assert "имя не известно" in page
    assert "?text=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0" in page  # the address searched
    page = await (await open_client.get(f"/admin/orders/{pickup.id}")).text()
    assert 'id="pickup-point">Арбат, 24<' in page  # the sandbox's point, by its title
    assert "Москва, ул. Арбат, 24" in page
