"""The catalog page's lists: products by SKU, title and sync state, and the imports, each paged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multidict import MultiMapping

from shop.catalog_app.service import CatalogService
from shop.web.admin import listing, show
from shop.web.admin.listing import Paging

STATES = ("synced", "pending", "error")
IMPORTS_PAGE_SIZE = 10
FORM_FIELDS = ("q", "state", "page", "imports_page")
NOTHING: dict[str, Any] = {
    "products": [],
    "matched": 0,
    "page_links": [],
    "imports": [],
    "import_links": [],
}


@dataclass(frozen=True)
class CatalogAsked:
    search: str | None
    state: str | None
    page: int
    imports_page: int

    @property
    def form(self) -> dict[str, str]:
        return {
            "q": self.search or "",
            "state": self.state or "",
            "page": str(self.page) if self.page > 1 else "",
            "imports_page": str(self.imports_page) if self.imports_page > 1 else "",
        }


def asked(query: MultiMapping[str]) -> CatalogAsked:
    return CatalogAsked(
        search=listing.text(query, "q"),
        state=listing.choice(query, "state", STATES),
        page=listing.page_number(query),
        imports_page=listing.page_number(query, "imports_page"),
    )


def empty_form(query: MultiMapping[str]) -> dict[str, str]:
    """The form refilled with what was typed, cut to a sane length, after a refused filter."""
    return {name: query.get(name, "")[: listing.SEARCH_LENGTH] for name in FORM_FIELDS}


async def catalog_lists(service: CatalogService, wanted: CatalogAsked) -> dict[str, Any]:
    """A page of products and a page of imports; each list's links keep the other's page."""
    matched = await service.count_matching(state=wanted.state, search=wanted.search)
    products = Paging(wanted.page, matched)
    listed = await service.products(
        limit=products.size, offset=products.offset, state=wanted.state, search=wanted.search
    )
    imports = Paging(wanted.imports_page, await service.count_imports(), IMPORTS_PAGE_SIZE)
    return {
        "counts": listed["counts"],
        "products": [_product(p) for p in listed["products"]],
        "matched": matched,
        "paging": products,
        "page_links": products.links(wanted.form),
        "imports": await service.recent_imports(imports.size, imports.offset),
        "import_links": imports.links(wanted.form, "imports_page"),
        "form": wanted.form,
    }


def _product(product: dict[str, Any]) -> dict[str, Any]:
    """A product as the API gives it (`1299.00 RUB`) with its prices as `1 299,00 ₽`."""
    return {
        **product,
        "price_shown": _money(product["price"]),
        "sale_shown": _money(product["sale_price"]) if product["sale_price"] else None,
    }


def _money(api_price: str) -> str:
    amount, currency = api_price.split(" ")
    return show.money(amount, currency)
