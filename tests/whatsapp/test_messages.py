"""Outbound message models refuse what Meta would refuse, before anything is sent."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shop.whatsapp.messages import (
    CatalogMessage,
    ListMessage,
    ListRow,
    ListSection,
    MarkRead,
    ProductListMessage,
    ProductMessage,
    ProductSection,
    ReplyButton,
    ReplyButtons,
    TemplateButtonParam,
    TemplateMessage,
    TextMessage,
)


def buttons(*titles: str) -> tuple[ReplyButton, ...]:
    return tuple(ReplyButton(id=f"b{i}", title=t) for i, t in enumerate(titles))


def test_reply_buttons_render_meta_s_body() -> None:
    message = ReplyButtons(
        body="Добавить в корзину?", buttons=buttons("Да", "Нет"), footer="Витрина"
    )
    body = message.to_body("79991234567", callback="outbox:1")
    assert body["type"] == "interactive"
    assert body["interactive"]["type"] == "button"
    assert body["interactive"]["action"]["buttons"][1] == {
        "type": "reply",
        "reply": {"id": "b1", "title": "Нет"},
    }
    assert body["biz_opaque_callback_data"] == "outbox:1"


@pytest.mark.parametrize(
    "titles",
    [(), ("a", "b", "c", "d"), ("x" * 21,), ("Да", "Да"), ("",)],
)
def test_reply_buttons_limits(titles: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError):
        ReplyButtons(body="?", buttons=buttons(*titles))


def test_button_ids_and_body_and_footer_lengths_are_checked() -> None:
    with pytest.raises(ValidationError):
        ReplyButtons(body="?", buttons=(ReplyButton(id="x" * 257, title="ok"),))
    with pytest.raises(ValidationError):
        ReplyButtons(body="x" * 1025, buttons=buttons("ok"))
    with pytest.raises(ValidationError):
        ReplyButtons(body="?", buttons=buttons("ok"), footer="x" * 61)
    with pytest.raises(ValidationError):
        TextMessage(body="x" * 4097)


def rows(count: int, prefix: str = "r") -> tuple[ListRow, ...]:
    return tuple(ListRow(id=f"{prefix}{i}", title=f"Товар {i}") for i in range(count))


def test_a_list_holds_at_most_ten_rows_in_all_sections() -> None:
    ok = ListMessage(
        body="Каталог",
        button="Выбрать",
        sections=(
            ListSection(title="Чай", rows=rows(5, "t")),
            ListSection(title="Кофе", rows=rows(5, "c")),
        ),
    )
    assert len(ok.to_body("7")["interactive"]["action"]["sections"]) == 2
    with pytest.raises(ValidationError, match="at most 10 rows"):
        ListMessage(
            body="Каталог",
            button="Выбрать",
            sections=(
                ListSection(title="Чай", rows=rows(6, "t")),
                ListSection(title="Кофе", rows=rows(5, "c")),
            ),
        )


def test_list_row_and_section_limits() -> None:
    with pytest.raises(ValidationError):
        ListRow(id="r", title="x" * 25)
    with pytest.raises(ValidationError):
        ListRow(id="r", title="ok", description="x" * 73)
    with pytest.raises(ValidationError, match="title"):
        ListMessage(
            body="b",
            button="b",
            sections=(ListSection(rows=rows(1, "a")), ListSection(rows=rows(1, "b"))),
        )
    with pytest.raises(ValidationError):
        ListMessage(body="b", button="x" * 21, sections=(ListSection(rows=rows(1)),))
    with pytest.raises(ValidationError):
        ListMessage(
            body="b",
            button="b",
            sections=tuple(ListSection(title=f"s{i}", rows=rows(1, f"s{i}")) for i in range(11)),
        )


def section(title: str, count: int) -> ProductSection:
    return ProductSection(
        title=title, product_retailer_ids=tuple(f"{title}{i}" for i in range(count))
    )


def test_a_product_list_holds_at_most_30_items_in_at_most_10_sections() -> None:
    ok = ProductListMessage(
        header="Хиты",
        body="Выбирайте",
        catalog_id="1",
        sections=(section("a", 15), section("b", 15)),
    )
    items = ok.to_body("7")["interactive"]["action"]["sections"][0]["product_items"]
    assert items[0] == {"product_retailer_id": "a0"}
    with pytest.raises(ValidationError, match="at most 30"):
        ProductListMessage(
            header="h", body="b", catalog_id="1", sections=(section("a", 16), section("b", 15))
        )
    with pytest.raises(ValidationError):
        ProductListMessage(
            header="h",
            body="b",
            catalog_id="1",
            sections=tuple(section(f"s{i}", 1) for i in range(11)),
        )
    with pytest.raises(ValidationError):
        ProductListMessage(header="", body="b", catalog_id="1", sections=(section("a", 1),))
    with pytest.raises(ValidationError):
        ProductSection(title="empty", product_retailer_ids=())


def test_product_catalog_template_and_read_bodies() -> None:
    product = ProductMessage(catalog_id="c", product_retailer_id="SKU1").to_body("7")
    assert product["interactive"]["action"] == {"catalog_id": "c", "product_retailer_id": "SKU1"}
    catalog = CatalogMessage(body="Наш каталог", thumbnail_product_retailer_id="SKU1").to_body("7")
    assert catalog["interactive"]["action"]["parameters"] == {
        "thumbnail_product_retailer_id": "SKU1"
    }
    template = TemplateMessage(
        name="cart_reminder",
        language="ru",
        body_params=("Анна",),
        buttons=(TemplateButtonParam(index=0, sub_type="url", value="o/abc"),),
    )
    assert not template.free_form
    rendered = template.to_body("7")["template"]
    assert rendered["components"][0] == {
        "type": "body",
        "parameters": [{"type": "text", "text": "Анна"}],
    }
    assert rendered["components"][1]["index"] == "0"
    read = MarkRead(message_id="wamid.X", typing_indicator=True).to_body("7")
    assert read == {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": "wamid.X",
        "typing_indicator": {"type": "text"},
    }


def test_buttons_refuse_a_fourth_button() -> None:
    four = tuple(ReplyButton(id=f"b{i}", title=f"B{i}") for i in range(4))
    with pytest.raises(ValidationError, match="at most 3 items"):
        ReplyButtons(body="body", buttons=four)


def test_buttons_refuse_long_or_duplicate_titles() -> None:
    with pytest.raises(ValidationError, match="at most 20 characters"):
        ReplyButtons(body="body", buttons=(ReplyButton(id="a", title="x" * 21),))
    with pytest.raises(ValidationError, match="unique"):
        ReplyButtons(
            body="body", buttons=(ReplyButton(id="a", title="Да"), ReplyButton(id="b", title="Да"))
        )


def test_a_list_counts_rows_across_sections() -> None:
    six = rows(6)
    with pytest.raises(ValidationError, match="10 rows"):
        ListMessage(
            body="body",
            button="Open",
            sections=(ListSection(title="A", rows=six), ListSection(title="B", rows=six)),
        )


def test_a_list_refuses_long_descriptions_and_row_titles() -> None:
    with pytest.raises(ValidationError, match="at most 72 characters"):
        ListRow(id="r", title="t", description="d" * 73)
    with pytest.raises(ValidationError, match="at most 24 characters"):
        ListRow(id="r", title="t" * 25)


def test_a_product_list_refuses_31_products_and_11_sections() -> None:
    ids = tuple(str(i) for i in range(31))
    with pytest.raises(ValidationError, match="at most 30"):
        ProductListMessage(
            header="H",
            body="B",
            catalog_id="1",
            sections=(ProductSection(title="S", product_retailer_ids=ids),),
        )
    eleven = tuple(ProductSection(title=f"S{i}", product_retailer_ids=(str(i),)) for i in range(11))
    with pytest.raises(ValidationError, match="sections"):
        ProductListMessage(header="H", body="B", catalog_id="1", sections=eleven)


def test_a_product_list_needs_a_header_of_at_most_60() -> None:
    one = (ProductSection(title="S", product_retailer_ids=("1",)),)
    with pytest.raises(ValidationError, match="header"):
        ProductListMessage(header="", body="B", catalog_id="1", sections=one)
    with pytest.raises(ValidationError, match="header"):
        ProductListMessage(header="h" * 61, body="B", catalog_id="1", sections=one)
