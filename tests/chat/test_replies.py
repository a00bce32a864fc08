"""Replies refuse to break WhatsApp's limits; fit() trims cleanly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.chat.replies import (
    Button,
    ButtonsReply,
    ListReply,
    ProductListReply,
    ProductSection,
    Row,
    Section,
    fit,
)


def test_fit_keeps_short_text() -> None:
    assert fit("Корзина", 20) == "Корзина"


def test_fit_cuts_on_a_word_with_an_ellipsis() -> None:
    assert fit("Чайник электрический стеклянный", 24) == "Чайник электрический…"


def test_fit_cuts_a_single_long_word_hard() -> None:
    assert fit("Электрочайниковедение", 10) == "Электроча…"


@given(text=st.text(), limit=st.integers(min_value=1, max_value=100))
def test_fit_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert len(fit(text, limit)) <= limit


def test_buttons_reply_refuses_a_fourth_button() -> None:
    four = tuple(Button(f"b{i}", f"B{i}") for i in range(4))
    with pytest.raises(ValueError, match=r"1\.\.3 buttons"):
        ButtonsReply("body", four)


def test_buttons_reply_refuses_long_or_duplicate_titles() -> None:
    with pytest.raises(ValueError, match="≤20"):
        ButtonsReply("body", (Button("a", "x" * 21),))
    with pytest.raises(ValueError, match="unique"):
        ButtonsReply("body", (Button("a", "Да"), Button("b", "Да")))


def test_list_reply_counts_rows_across_sections() -> None:
    rows = tuple(Row(f"r{i}", f"Row {i}") for i in range(6))
    with pytest.raises(ValueError, match="10 rows"):
        ListReply("body", "Open", (Section("A", rows), Section("B", rows)))


def test_list_reply_refuses_long_descriptions_and_row_titles() -> None:
    with pytest.raises(ValueError, match="≤72"):
        ListReply("body", "Open", (Section("", (Row("r", "t", "d" * 73),)),))
    with pytest.raises(ValueError, match="≤24"):
        ListReply("body", "Open", (Section("", (Row("r", "t" * 25),)),))


def test_product_list_refuses_31_products_and_11_sections() -> None:
    with pytest.raises(ValueError, match="≤30"):
        ProductListReply("H", "B", (ProductSection("S", tuple(str(i) for i in range(31))),))
    sections = tuple(ProductSection(f"S{i}", (str(i),)) for i in range(11))
    with pytest.raises(ValueError, match="sections"):
        ProductListReply("H", "B", sections)


def test_product_list_needs_a_header_of_at_most_60() -> None:
    with pytest.raises(ValueError, match="header"):
        ProductListReply("", "B", (ProductSection("S", ("1",)),))
    with pytest.raises(ValueError, match="header"):
        ProductListReply("h" * 61, "B", (ProductSection("S", ("1",)),))
