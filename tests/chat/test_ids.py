"""Typed button and row ids: round trips, escaping, limits, and unreadable ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.chat import ids

skus = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60)


def test_packing_is_short_and_readable() -> None:
    assert ids.pack(ids.Add(sku="A1", qty=1)) == "add|A1|1"
    assert ids.pack(ids.ConsentAnswer(True, "menu")) == "consent|1|menu"
    assert ids.pack(ids.Menu()) == "menu"


def test_separators_and_escapes_inside_values_survive() -> None:
    act = ids.Add(sku="a|b\\c|", qty=3)
    packed = ids.pack(act)
    assert packed == "add|a\\|b\\\\c\\||3"
    assert ids.unpack(packed) == act


@given(sku=skus, qty=st.integers(min_value=-5, max_value=10**6))
def test_any_sku_and_quantity_round_trip(sku: str, qty: int) -> None:
    act = ids.SetQty(sku=sku, qty=qty)
    assert ids.unpack(ids.pack(act)) == act


@given(category=skus, page=st.integers(min_value=0, max_value=10**4))
def test_category_pages_round_trip_within_the_row_limit(category: str, page: int) -> None:
    act = ids.CategoryPage(category, page)
    packed = ids.pack(act, ids.ROW_ID_LIMIT)
    assert len(packed) <= ids.ROW_ID_LIMIT
    assert ids.unpack(packed) == act


@given(granted=st.booleans(), source=skus)
def test_booleans_round_trip(granted: bool, source: str) -> None:
    act = ids.ConsentAnswer(granted, source)
    assert ids.unpack(ids.pack(act)) == act


@given(sku=st.text(min_size=1, max_size=400))
def test_packing_never_exceeds_the_limit_it_was_given(sku: str) -> None:
    for limit in (ids.ROW_ID_LIMIT, ids.BUTTON_ID_LIMIT):
        try:
            packed = ids.pack(ids.ShowProduct(sku), limit)
        except ids.IdTooLong:
            assert len(ids.pack(ids.ShowProduct(sku), 10_000)) > limit
        else:
            assert len(packed) <= limit


def test_a_row_id_over_200_characters_is_refused() -> None:
    act = ids.ShowProduct("x" * 200)
    with pytest.raises(ids.IdTooLong):
        ids.pack(act, ids.ROW_ID_LIMIT)
    assert len(ids.pack(act, ids.BUTTON_ID_LIMIT)) == 205


def test_a_button_id_over_256_characters_is_refused() -> None:
    with pytest.raises(ids.IdTooLong):
        ids.pack(ids.ShowProduct("x" * 252))
    assert len(ids.pack(ids.ShowProduct("x" * 251))) == 256


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nope",
        "add",  # missing fields
        "add|A1",  # missing quantity
        "add|A1|1|extra",
        "add|A1|one",
        "add|A1|١",  # a non-ASCII digit is not a quantity
        "consent|yes|menu",
        "menu|1",
        "REORDER:42",  # a foreign template payload
        "add|" + "x" * 300 + "|1",
    ],
)
def test_unreadable_ids_unpack_to_none(text: str) -> None:
    assert ids.unpack(text) is None


def test_a_tag_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        ids.action("add")(ids.Add)
