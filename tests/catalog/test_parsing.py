"""CSV parsing: formats, encodings, Excel's quirks and hostile input, row by row."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from catalog.messages import FileProblem
from catalog.parsing import CatalogParse
from catalog.product import Availability, Condition
from catalog.reading import FIELD_LIMIT
from tests.catalog.conftest import parse_bytes, parse_file


def _by_id(results: list) -> dict:
    return {r.product.retailer_id: r.product for r in results if r.product}


def test_meta_feed_maps_every_column() -> None:
    parse, results = parse_file("meta_feed.csv")
    assert parse.format_name == "meta"
    products = _by_id(results)
    tea = products["TEA-100"]
    assert tea.price.graph() == "299.00 RUB"
    assert tea.sale_price is not None
    assert tea.sale_price.graph() == "249.00 RUB"
    assert (tea.quantity, tea.item_group_id, tea.brand, tea.category) == (120, "TEA", "Acme", "Чай")
    assert products["CUP-01"].title == 'Кружка "Утро"'
    assert products["CUP-01"].availability is Availability.OUT_OF_STOCK
    assert products["KETTLE-9"].condition is Condition.REFURBISHED


def test_formulas_are_kept_as_plain_text() -> None:
    _, results = parse_file("meta_feed.csv")
    assert _by_id(results)["KETTLE-9"].description == '=HYPERLINK("https://evil.example";"click")'


def test_shopify_export_gives_one_item_per_variant_with_text_bodies() -> None:
    parse, results = parse_file("shopify_export.csv")
    assert parse.format_name == "shopify"
    products = _by_id(results)
    assert set(products) == {"SHIRT-S-W", "SHIRT-M-W", "SHIRT-L-W", "HONEY-1", "MUG-OLD"}
    small = products["SHIRT-S-W"]
    assert small.title == "Рубашка льняная — S / Белый"
    assert small.description == "Лён 100%.\nСвободный крой\nПуговицы из кокоса"
    assert (small.price.amount, small.sale_price and small.sale_price.amount) == (
        Decimal("4290.00"),
        Decimal("3490.00"),
    )
    assert small.item_group_id == "linen-shirt"
    assert products["SHIRT-M-W"].image_link == "https://cdn.example/shirt-m.jpg"
    assert products["SHIRT-L-W"].image_link == "https://cdn.example/shirt-1.jpg"
    assert products["SHIRT-L-W"].availability is Availability.AVAILABLE_FOR_ORDER
    assert products["HONEY-1"].description == "Алтайский мёд & соты"
    assert products["HONEY-1"].item_group_id == ""
    assert products["MUG-OLD"].active is False


def test_shopify_rows_are_numbered_as_in_excel_despite_a_quoted_multiline_body() -> None:
    _, results = parse_file("shopify_export.csv")
    assert [r.row for r in results] == [2, 3, 4, 6, 7]


@pytest.mark.parametrize("name", ["spreadsheet_cp1251.csv", "spreadsheet_utf8_bom.csv"])
def test_russian_spreadsheet_from_excel(name: str) -> None:
    parse, results = parse_file(name)
    assert parse.format_name == "spreadsheet"
    assert parse.records.sniffed.delimiter == ";"
    assert [r.row for r in results] == [2, 3, 4, 6]
    assert all(not r.problems for r in results)
    products = _by_id(results)
    assert products["A-001"].description == "Без косточек.\nБанка 0,5 л"
    assert products["A-001"].price.amount == Decimal("349.90")
    assert products["A-003"].price.amount == Decimal("1450.50")
    assert products["A-003"].availability is Availability.OUT_OF_STOCK
    assert products["A-004"].price.amount == Decimal("520.00")


def test_encodings_are_sniffed() -> None:
    assert parse_file("spreadsheet_cp1251.csv")[0].records.sniffed.encoding == "cp1251"
    assert parse_file("spreadsheet_utf8_bom.csv")[0].records.sniffed.encoding == "utf-8-sig"
    assert parse_file("meta_feed.csv")[0].records.sniffed.encoding == "utf-8"


def test_english_headers_and_tabs() -> None:
    parse, results = parse_file("spreadsheet_english_tab.csv")
    assert parse.records.sniffed.delimiter == "\t"
    assert set(_by_id(results)) == {"E-1", "E-2"}


def test_each_rejected_row_names_row_column_and_reason_in_both_languages() -> None:
    _, results = parse_file("spreadsheet_errors_cp1251.csv")
    problems = {p.row: p for r in results for p in r.problems}
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9]
    assert problems[3].column == "Цена"
    assert problems[3].code == "required"
    assert problems[4].code == "price_format"
    assert "сто рублей" in problems[4].ru
    assert problems[5].column == "Артикул"
    assert problems[6].column == "Остаток"
    assert "2,5" in problems[6].en
    assert problems[7].code == "duplicate"
    assert "строке 2" in problems[7].ru
    assert "row 2" in problems[7].en
    assert problems[8].code == "extra_values"
    assert problems[9].column == "Фото"
    assert problems[9].code == "url"
    assert {r.product.retailer_id for r in results if r.product} == {"B-1", "B-9"}


def test_meta_limits_are_enforced() -> None:
    image = "https://shop.example/i/1.jpg"
    data = f"id,title,price,image_link\n{'x' * 101},ok,10,{image}\nok,{'t' * 201},10,{image}\n"
    _, results = parse_bytes(data.encode())
    assert [(p.column, p.code, p.params["limit"]) for r in results for p in r.problems] == [
        ("id", "too_long", 100),
        ("title", "too_long", 200),
    ]


def test_sale_price_must_be_lower_than_the_price() -> None:
    _, results = parse_bytes(b"id,title,price,sale_price\nA,a,100,150\n")
    assert results[0].problems[0].code == "sale_not_lower"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"\r\n\r\n", "empty_file"),
        (b"\xff\xfeI\x00d\x00", "utf16"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "binary"),
        (b"foo,bar,baz\n1,2,3\n", "unknown_format"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_unreadable_files_give_one_clear_message(data: bytes, code: str) -> None:
    with pytest.raises(FileProblem) as caught:
        list(CatalogParse(io.BytesIO(data)))
    assert caught.value.problem.code == code
    assert caught.value.problem.ru
    assert caught.value.problem.en


def test_a_missing_required_column_is_named() -> None:
    with pytest.raises(FileProblem) as caught:
        CatalogParse(io.BytesIO("Артикул;Название;Остаток\n1;a;2\n".encode()))
    assert caught.value.problem.code == "missing_column"
    assert "цена" in caught.value.problem.ru


def test_undecodable_bytes_after_a_utf8_head_name_the_row() -> None:
    head = "id,title,price\n" + "".join(f"A{i},Чай,10\n" for i in range(5000))
    data = head.encode() + b"BAD,\xff\xfe\xfd,10\n"
    with pytest.raises(FileProblem) as caught:
        list(CatalogParse(io.BytesIO(data)))
    assert caught.value.problem.code == "undecodable"
    assert caught.value.problem.row == 5002


def test_a_huge_field_stops_with_a_clear_error_instead_of_eating_memory() -> None:
    data = b'id,title,price\nA,"' + b"x" * (FIELD_LIMIT + 10) + b'",10\n'
    with pytest.raises(FileProblem) as caught:
        list(CatalogParse(io.BytesIO(data)))
    assert caught.value.problem.code == "field_too_large"
    assert caught.value.problem.row == 2


def test_short_rows_and_trailing_empty_columns() -> None:
    data = b"id;title;price;image_link;brand;;\r\nA;a;10;https://i.example/a;b;;\r\nB;b\r\n"
    data += b"C;c;10;https://i.example/c\r\n"
    _, results = parse_bytes(data)
    assert [r.row for r in results if r.product] == [2, 4]
    assert results[1].problems[0].code == "missing_values"


def test_nul_bytes_inside_the_file_are_binary() -> None:
    data = b"id,title,price\n" + b"A,a,10\n" * 20000 + b"B,\x00,10\n"
    with pytest.raises(FileProblem) as caught:
        list(CatalogParse(io.BytesIO(data)))
    assert caught.value.problem.code == "binary"


class _Counting(io.BytesIO):
    largest = 0

    def read(self, size: int | None = -1) -> bytes:
        type(self).largest = max(type(self).largest, -1 if size is None or size < 0 else size)
        return super().read(size)


def test_the_stream_is_read_in_bounded_chunks() -> None:
    data = b"id,title,price,image_link\n"
    data += b"".join(b"A%d,t,10,https://i.example/a.jpg\n" % i for i in range(100_000))
    source = _Counting(data)
    assert sum(1 for r in CatalogParse(source) if r.product) == 100_000
    assert 0 < _Counting.largest <= 256 * 1024


def test_a_comma_inside_a_header_name_does_not_fool_the_delimiter_sniffer() -> None:
    data = "Артикул;Название;Цена, руб.;Остаток;Фото\r\n"
    data += "A;Чай;1 299,00;5;https://i.example/a\r\nB;Кофе;10,50;1;https://i.example/b\r\n"
    parse, results = parse_bytes(data.encode("cp1251"))
    assert parse.records.sniffed.delimiter == ";"
    assert [r.product.price.graph() for r in results if r.product] == ["1299.00 RUB", "10.50 RUB"]


def test_excels_sep_line_sets_the_delimiter_and_is_not_a_row() -> None:
    data = "sep=;\r\nАртикул;Название;Цена;Фото\r\nA;Чай,  зелёный;100;https://i.example/a\r\n"
    parse, results = parse_bytes(data.encode("cp1251"))
    assert parse.records.sniffed.delimiter == ";"
    assert results[0].row == 2
    assert results[0].product is not None
    assert results[0].product.title == "Чай,  зелёный"


def test_a_shown_product_without_an_image_is_rejected_row_by_row() -> None:
    data = (
        "id,title,price,image_link,status\n"
        "A,a,10,https://i.example/a.jpg,\n"
        "B,b,10,,\n"
        "C,c,10,,archived\n"  # never shown on WhatsApp: no picture needed
    )
    _, results = parse_bytes(data.encode())
    assert [r.retailer_id for r in results if r.product] == ["A", "C"]
    problem = results[1].problems[0]
    assert (problem.row, problem.column, problem.code) == (3, "image_link", "image_required")
    assert "image_link" in problem.ru
    assert "picture" in problem.en


def test_a_missing_image_column_is_reported_on_every_shown_row() -> None:
    _, results = parse_bytes("Артикул;Название;Цена\nA;Чай;100\nB;Кофе;200\n".encode())
    assert [(p.row, p.column, p.code) for r in results for p in r.problems] == [
        (2, "фото", "image_required"),
        (3, "фото", "image_required"),
    ]


def test_a_shopify_variant_without_any_image_is_rejected() -> None:
    data = (
        "Handle,Title,Variant SKU,Variant Price,Image Src,Status\n"
        "tea,Чай,T-1,100,https://i.example/t.jpg,active\n"
        "mug,Кружка,M-1,300,,active\n"
    )
    _, results = parse_bytes(data.encode())
    assert [r.retailer_id for r in results if r.product] == ["T-1"]
    assert [(p.column, p.code) for p in results[1].problems] == [("Image Src", "image_required")]


@pytest.mark.parametrize("price", ["10 USD", "$10", "10 €", "1 000 ₸"])
def test_prices_in_another_currency_than_the_shops_are_rejected(price: str) -> None:
    data = f'id,title,price,image_link\nA,a,10,https://i.example/a\nB,b,"{price}",https://i.example/b\n'
    _, results = parse_bytes(data.encode())
    assert [r.retailer_id for r in results if r.product] == ["A"]
    problem = results[1].problems[0]
    assert (problem.column, problem.code) == ("price", "price_other_currency")
    assert "«price»" in problem.ru
    assert "RUB" in problem.ru
    assert "'price'" in problem.en


def test_the_shops_currency_is_what_the_import_asks_for() -> None:
    data = (
        "id,title,price,sale_price,image_link\n"
        "A,a,10,,https://i.example/a\n"
        "B,b,20 KZT,15,https://i.example/b\n"
        "C,c,30 RUB,,https://i.example/c\n"
    )
    results = list(CatalogParse(io.BytesIO(data.encode()), currency="KZT"))
    assert [r.product.price.graph() for r in results if r.product] == ["10.00 KZT", "20.00 KZT"]
    assert results[1].product is not None
    assert results[1].product.sale_price is not None
    assert results[1].product.sale_price.graph() == "15.00 KZT"
    assert results[2].problems[0].code == "price_other_currency"
