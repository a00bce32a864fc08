"""Builders of the replies several handlers share: menu, category list, product lists, cart."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from shop.chat import ids
from shop.chat.language import other, switch_row_texts
from shop.chat.replies import fit
from shop.chat.turn import Turn
from shop.chat.views import Cart, ProductView
from shop.whatsapp.messages import (
    BODY,
    HEADER,
    LIST_BUTTON,
    MAX_PRODUCTS,
    MAX_ROWS,
    MAX_SECTIONS,
    SECTION_TITLE,
    TEXT_BODY,
    FreeFormMessage,
    ListMessage,
    ListRow,
    ListSection,
    ProductListMessage,
    ProductMessage,
    ProductSection,
    ReplyButtons,
    TextMessage,
)

T = TypeVar("T")
ROWS_WITH_NAV = MAX_ROWS - 1  # a paged list keeps one row for "next page" / "back to start"
SIMILAR = 10  # in-stock products offered instead of a sold-out one


def paged_rows(
    turn: Turn,
    items: Sequence[T],
    page: int,
    row: Callable[[T], ListRow],
    nav: Callable[[int], ids.Action],
) -> tuple[ListRow, ...]:
    """Up to 10 rows; beyond 10 items, 9 per page plus a row to the next page or the start."""
    if len(items) <= MAX_ROWS:
        return tuple(row(item) for item in items)
    pages = -(-len(items) // ROWS_WITH_NAV)
    page = min(max(page, 0), pages - 1)
    chunk = items[page * ROWS_WITH_NAV : (page + 1) * ROWS_WITH_NAV]
    rows = [row(item) for item in chunk]
    if page + 1 < pages:
        rows.append(turn.row(nav(page + 1), turn.t("list.next"), turn.t("list.page", n=page + 2)))
    else:
        rows.append(turn.row(nav(0), turn.t("list.first")))
    return tuple(rows)


def list_reply(turn: Turn, body: str, button_key: str, rows: tuple[ListRow, ...]) -> ListMessage:
    """One untitled section of rows (a lone section needs no title)."""
    return ListMessage(
        body=fit(body, BODY),
        button=fit(turn.t(button_key), LIST_BUTTON),
        sections=(ListSection(rows=rows),),
    )


def welcome(turn: Turn, intro: str | None = None) -> ListMessage:
    """The main actions: catalog, search, cart, my orders, a person, news, the other language."""
    count = turn.cart.count
    language, language_hint = switch_row_texts(turn.settings.locale)
    rows: tuple[ListRow, ...] = (
        turn.row(ids.Categories(), turn.t("menu.catalog"), turn.t("menu.catalog.hint")),
        turn.row(ids.WholeCatalog(), turn.t("menu.showcase"), turn.t("menu.showcase.hint")),
        turn.row(ids.StartSearch(), turn.t("menu.search"), turn.t("menu.search.hint")),
        turn.row(ids.ViewCart(), turn.t("menu.cart"), turn.t("menu.cart.hint", n=count)),
        turn.row(ids.MyOrders(), turn.t("menu.orders"), turn.t("menu.orders.hint")),
        turn.row(ids.AboutShop(), turn.t("menu.about"), turn.t("menu.about.hint")),
        turn.row(ids.Operator(), turn.t("menu.operator"), turn.t("menu.operator.hint")),
        turn.row(ids.AskConsent(), turn.t("menu.news"), turn.t("menu.news.hint")),
        turn.row(ids.Language(other(turn.settings.locale)), language, language_hint),
    )
    if other(turn.settings.locale) not in turn.settings.languages:  # Russian only
        rows = rows[:-1]
    body = turn.t("welcome.body") if intro is None else f"{intro}\n\n{turn.t('welcome.short')}"
    return list_reply(turn, body, "menu.button", rows)


def categories(turn: Turn, page: int) -> TextMessage | ListMessage:
    cats = turn.catalog.categories()
    if not cats:
        return TextMessage(body=turn.t("catalog.empty"))
    rows = paged_rows(
        turn,
        cats,
        page,
        lambda c: turn.row(ids.CategoryPage(c.id), c.title, turn.t("catalog.count", n=c.count)),
        ids.Categories,
    )
    return list_reply(turn, turn.t("catalog.choose"), "catalog.button", rows)


def product_sections(products: Sequence[ProductView], other: str) -> tuple[ProductSection, ...]:
    """Group by category in order of first appearance: ≤10 sections, ≤30 items."""
    groups: dict[str, list[str]] = {}
    for p in products[:MAX_PRODUCTS]:
        groups.setdefault(fit(p.category_title or other, SECTION_TITLE), []).append(p.retailer_id)
    titled = list(groups.items())
    if len(titled) > MAX_SECTIONS:
        rest = [rid for _, rids in titled[MAX_SECTIONS - 1 :] for rid in rids]
        titled = [*titled[: MAX_SECTIONS - 1], (fit(other, SECTION_TITLE), rest)]
    return tuple(
        ProductSection(title=title, product_retailer_ids=tuple(rids)) for title, rids in titled
    )


def product_list(
    turn: Turn, header: str, body: str, products: Sequence[ProductView]
) -> ProductListMessage:
    return ProductListMessage(
        header=fit(header, HEADER),
        body=fit(body, BODY),
        catalog_id=turn.settings.catalog_id,
        sections=product_sections(products, turn.t("products.other")),
    )


def product_card(
    turn: Turn, product: ProductView, intro: str | None = None
) -> tuple[ProductMessage, ReplyButtons]:
    """A product message, then our buttons: WhatsApp's product message has none of its own."""
    price = turn.money(product.price)
    text = turn.t("product.card", title=product.title, price=price)
    buttons = (
        turn.button(ids.Add(product.retailer_id), "button.add"),
        turn.button(ids.ViewCart(), "button.cart"),
        turn.button(ids.Categories(), "button.catalog"),
    )
    body = text if intro is None else f"{intro}\n\n{text}"
    return (
        ProductMessage(
            catalog_id=turn.settings.catalog_id,
            product_retailer_id=product.retailer_id,
            body=fit(product.title, BODY) or None,
        ),
        ReplyButtons(body=fit(body, BODY), buttons=buttons),
    )


def similar_to(
    turn: Turn, product: ProductView, first: Sequence[ProductView] = ()
) -> list[ProductView]:
    """In-stock products like a sold-out one: `first` (what the query found), its category,
    then products whose titles share its words."""
    candidates = (
        *first,
        *turn.catalog.products_in(product.category_id, 0, SIMILAR + 1).items,
        *turn.catalog.search(product.title, SIMILAR + 1).products,
    )
    picked: dict[str, ProductView] = {}
    for p in candidates:
        if p.offerable and p.retailer_id != product.retailer_id:
            picked.setdefault(p.retailer_id, p)
    return list(picked.values())[:SIMILAR]


def sold_out(
    turn: Turn, product: ProductView, first: Sequence[ProductView] = ()
) -> tuple[FreeFormMessage, ...]:
    """A product the shopper wants is sold out: say so and offer similar ones in stock."""
    intro = turn.t("product.sold_out", title=product.title)
    similar = similar_to(turn, product, first)
    if not similar:
        text = fit(f"{intro} {turn.t('product.no_similar')}", TEXT_BODY)
        return TextMessage(body=text), categories(turn, 0)
    body = f"{intro}\n{turn.t('product.similar')}"
    listing = product_list(turn, turn.t("product.similar_header"), body, similar)
    nav = ReplyButtons(
        body=turn.t("catalog.after_list"),
        buttons=(
            turn.button(ids.ViewCart(), "button.cart"),
            turn.button(ids.Categories(), "button.categories"),
            turn.button(ids.Menu(), "button.menu"),
        ),
    )
    return listing, nav


def cart_lines(turn: Turn, cart: Cart) -> str:
    lines = [
        turn.t(
            "cart.line",
            n=i,
            title=ln.title,
            qty=ln.quantity,
            price=turn.money(ln.unit_price),
            total=turn.money(ln.total),
        )
        for i, ln in enumerate(cart.lines, start=1)
    ]
    return "\n".join(lines)


def cart_view(turn: Turn, cart: Cart, intro: str | None = None) -> tuple[FreeFormMessage, ...]:
    """The lines with their totals and the grand total, then what can be done next."""
    parts = [intro] if intro else []
    if not cart.lines:
        parts.append(turn.t("cart.empty"))
        empty = (
            turn.button(ids.Categories(), "button.catalog"),
            turn.button(ids.StartSearch(), "button.search"),
        )
        return (ReplyButtons(body=fit("\n\n".join(parts), BODY), buttons=empty),)
    total = turn.money(cart.total(turn.settings.currency))
    parts.append(turn.t("cart.title", n=cart.count) + "\n" + cart_lines(turn, cart))
    parts.append(turn.t("cart.total", total=total))
    buttons = (
        turn.button(ids.Checkout(), "button.checkout"),
        turn.button(ids.EditCart(), "button.edit"),
        turn.button(ids.Categories(), "button.catalog"),
    )
    return (
        TextMessage(body=fit("\n\n".join(parts), TEXT_BODY)),
        ReplyButtons(body=turn.t("cart.next", total=total), buttons=buttons),
    )
