"""The catalog page's lists: products by SKU, title and sync state, paged; imports paged."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from tests.catalog.conftest import PAYLOADS


async def imported(client: TestClient, data: bytes, *, dry_run: bool = False) -> None:
    answer = await client.post(
        "/api/catalog/imports" + ("?dry_run=true" if dry_run else ""),
        data=data,
        headers={"Content-Type": "text/csv"},
    )
    assert answer.status == 200
    assert (await answer.json())["rejected"] == 0


def skus(page: str) -> list[str]:
    body = page.split('id="products"')[1].split("</table>")[0]
    return re.findall(r'<tr class="\w+">\s*<td class="nowrap"><b>([^<]+)</b></td>', body)


async def shown(client: TestClient, **query: str) -> tuple[int, str]:
    answer = await client.get("/admin/catalog", params=query)
    return answer.status, await answer.text()


async def test_products_are_found_by_sku_start_and_title_part_in_any_case(
    open_client: TestClient,
) -> None:
    await imported(open_client, (PAYLOADS / "meta_feed.csv").read_bytes())
    assert skus((await shown(open_client, q="TEA"))[1]) == ["TEA-100", "TEA-250"]
    assert skus((await shown(open_client, q="tea-2"))[1]) == ["TEA-250"]
    assert skus((await shown(open_client, q="чай"))[1]) == ["TEA-100", "TEA-250", "KETTLE-9"]
    assert skus((await shown(open_client, q="кружка"))[1]) == ["CUP-01"]
    assert skus((await shown(open_client, q="чёрный 2"))[1]) == ["TEA-250"]
    assert skus((await shown(open_client, q="100%"))[1]) == []  # % is a character here
    assert skus((await shown(open_client, state="pending"))[1]) == [
        "TEA-100",
        "TEA-250",
        "CUP-01",
        "KETTLE-9",
    ]
    status, page = await shown(open_client, state="error")
    assert status == 200
    assert "Под фильтр не подходит ни один товар" in page
    _, page = await shown(open_client, q="CUP")
    assert "1\u00a0299,00\u00a0₽" in page
    assert "Найдено: 1" in page


async def test_products_and_imports_page_apart(open_client: TestClient) -> None:
    image = "https://shop.example/i.jpg"
    rows = "".join(f"P-{n:03},Товар {n},{100 + n},{image}\n" for n in range(55))
    await imported(open_client, ("id,title,price,image_link\n" + rows).encode())
    for n in range(11):
        await imported(
            open_client,
            f"id,title,price,image_link\nX-{n},Другой {n},1,{image}\n".encode(),
            dry_run=True,
        )
    _, first = await shown(open_client, q="P-")
    _, second = await shown(open_client, q="P-", page="2")
    assert len(skus(first)) == 50
    assert skus(second) == [f"P-{n:03}" for n in range(50, 55)]
    assert 'href="?q=P-&amp;page=2"' in first
    _, imports = await shown(open_client, imports_page="2")
    body = imports.split('id="imports"')[1].split("</table>")[0]
    assert body.count("/admin/catalog/imports/") == 2  # 12 imports, 10 a page
    assert 'href="?imports_page=2&amp;page=2"' in imports  # the products' next page


async def test_a_wrong_catalog_filter_is_a_400_naming_the_field(
    open_client: TestClient,
) -> None:
    for query, field in (
        ({"state": "lost"}, "Состояние"),
        ({"page": "-1"}, "Страница"),
        ({"imports_page": "x"}, "Страница загрузок"),
        ({"q": "x" * 61}, "Поиск"),
    ):
        status, page = await shown(open_client, **query)
        assert status == 400
        found = re.search(r'id="filter-error">([^<]+)<', page)
        assert found is not None
        assert found.group(1).startswith(f"Фильтр не применён. {field}: ")
