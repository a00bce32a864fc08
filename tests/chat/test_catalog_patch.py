"""A catalog patched with sales and syncs answers as one built afresh from the same products."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.money import Money
from shop.chat.views import MemoryCatalog, ProductView

TITLES = ("Кружка синяя", "Кружка белая", "Чайник", "Чашка с блюдцем", "Ложка")
CATEGORIES = ("Посуда", "Кухня", "Подарки")


def _product(number: int) -> ProductView:
    category = CATEGORIES[number % len(CATEGORIES)]
    return ProductView(
        retailer_id=f"P{number}",
        title=f"{TITLES[number % len(TITLES)]} {number}",
        price=Money(amount=Decimal(100 + number), currency="RUB"),
        category_id=f"c{number % len(CATEGORIES)}",
        category_title=category,
        stock=3,
        active=number % 7 != 6,  # some the merchant no longer sells
        synced=number % 2 == 0,
    )


def _answers(view: MemoryCatalog) -> object:
    pages = {c.id: view.products_in(c.id, 0, 100) for c in view.categories()}
    searches = {
        query: view.search(query, 5)
        for query in ("кружка", "кружка 4", "чайнек", "ложка 9", "посуда", "самовар")
    }
    return view.categories(), pages, searches, view.thumbnail()


changes = st.lists(
    st.tuples(
        st.integers(0, 23), st.sampled_from([None, 0, 1, 5]), st.booleans()
    ),  # product, new stock, synced
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(batches=st.lists(changes, min_size=1, max_size=4))
def test_patches_leave_the_catalog_as_a_fresh_build_would(
    batches: list[list[tuple[int, int | None, bool]]],
) -> None:
    products = [_product(n) for n in range(24)]
    view = MemoryCatalog(products)
    for batch in batches:
        changed = []
        for number, stock, synced in batch:
            products[number] = dataclasses.replace(products[number], stock=stock, synced=synced)
            changed.append(products[number])
        view.patch(changed)
        assert _answers(view) == _answers(MemoryCatalog(products))


def test_a_patch_counts_what_changed_and_ignores_unknown_products() -> None:
    products = [_product(n) for n in range(4)]
    view = MemoryCatalog(products)
    sold = dataclasses.replace(products[0], stock=0)
    stranger = dataclasses.replace(products[1], retailer_id="X")
    assert view.patch([sold, products[2], stranger]) == 1
    assert view.product("P0") == sold
    assert view.product("X") is None
