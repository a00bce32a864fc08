"""Browsing: categories, a category's products, the whole catalog, one product and search."""

from __future__ import annotations

from dataclasses import replace

from shop.chat import handover, ids, screens
from shop.chat.decision import Decision, ProductAsked
from shop.chat.intents import Text
from shop.chat.replies import fit
from shop.chat.state import ChatState, Context
from shop.chat.turn import Turn
from shop.chat.views import CategoryView, ProductView, SearchResult
from shop.whatsapp.messages import (
    BODY,
    MAX_PRODUCTS,
    CatalogMessage,
    FreeFormMessage,
    ReplyButtons,
    TextMessage,
)


def on_categories(turn: Turn, act: ids.Categories) -> Decision:
    return turn.decide(screens.categories(turn, act.page), state=ChatState.BROWSING)


def on_category(turn: Turn, act: ids.CategoryPage) -> Decision:
    category = turn.catalog.category(act.category)
    page = max(act.page, 0)
    found = turn.catalog.products_in(act.category, page * MAX_PRODUCTS, MAX_PRODUCTS)
    if category is None or not found.items:
        intro = TextMessage(body=turn.t("catalog.category_empty"))
        return turn.decide(intro, screens.categories(turn, 0), state=ChatState.BROWSING)
    pages = -(-found.total // MAX_PRODUCTS)
    body = turn.t("catalog.products", n=found.total, page=page + 1, pages=pages)
    listing = screens.product_list(turn, category.title, body, found.items)
    more = (page + 1) * MAX_PRODUCTS < found.total
    first = (
        turn.button(ids.CategoryPage(category.id, page + 1), "button.next")
        if more
        else turn.button(ids.ViewCart(), "button.cart")
    )
    nav = ReplyButtons(
        body=turn.t("catalog.after_list" if not more else "catalog.after_list_more"),
        buttons=(
            first,
            turn.button(ids.Categories(), "button.categories"),
            turn.button(ids.Menu(), "button.menu"),
        ),
    )
    return turn.decide(listing, nav, state=ChatState.BROWSING)


def on_whole_catalog(turn: Turn, act: ids.WholeCatalog) -> Decision:
    reply = CatalogMessage(
        body=turn.t("catalog.showcase"), thumbnail_product_retailer_id=turn.catalog.thumbnail()
    )
    return turn.decide(reply, state=ChatState.BROWSING)


def not_offered(turn: Turn, product: ProductView | None) -> Decision:
    """A product the shopper cannot buy now: sold out (with similar ones) or gone."""
    if product is not None and product.sold_out:
        return turn.decide(*screens.sold_out(turn, product), state=ChatState.BROWSING)
    intro = TextMessage(body=turn.t("product.unavailable"))
    return turn.decide(intro, screens.categories(turn, 0), state=ChatState.BROWSING)


def on_show_product(turn: Turn, act: ids.ShowProduct) -> Decision:
    product = turn.catalog.product(act.sku)
    if product is None or not product.offerable:
        return not_offered(turn, product)
    card = screens.product_card(turn, product)
    return turn.decide(*card, state=ChatState.BROWSING, context=viewing(turn, product))


def viewing(turn: Turn, product: ProductView) -> Context:
    """The context after a product's own card: a question next is about it."""
    return replace(turn.context, viewed=product.retailer_id)


def on_referred(turn: Turn, intent: Text) -> Decision:
    """A text replying to a product is interest in it: show it and offer a person for questions."""
    product = turn.catalog.product(intent.referred_product or "")
    if product is None or not product.offerable:
        return not_offered(turn, product)
    text = turn.t("product.interest", title=product.title, price=turn.money(product.price))
    buttons = (
        turn.button(ids.Add(product.retailer_id), "button.add"),
        turn.button(ids.Operator(), "button.operator"),
        turn.button(ids.ViewCart(), "button.cart"),
    )
    card = screens.product_card(turn, product)[0]
    reply = ReplyButtons(body=fit(text, BODY), buttons=buttons)
    return turn.decide(card, reply, state=ChatState.BROWSING, context=viewing(turn, product))


def on_product_question(turn: Turn, intent: Text, retailer_id: str) -> Decision:
    """A question about a product (shop/chat/handover.py): a product the shop cannot sell now
    is answered as such, the FAQ answers what it knows, else a person, told the product."""
    product = turn.catalog.product(retailer_id)
    if product is None or not product.offerable:
        return not_offered(turn, product)
    answered = handover.faq_answer(turn, intent.body)
    if answered is not None:
        return answered
    asked = ProductAsked(product.retailer_id, product.title)
    return handover.to_person(turn, "product_question", asked)


def on_start_search(turn: Turn, act: ids.StartSearch) -> Decision:
    return turn.decide(TextMessage(body=turn.t("search.prompt")), state=ChatState.SEARCHING)


def on_search_text(turn: Turn, intent: Text) -> Decision:
    return search(turn, intent.body, 0)


def on_search_page(turn: Turn, act: ids.SearchPage) -> Decision:
    if not turn.context.query:
        return on_start_search(turn, ids.StartSearch())
    return search(turn, turn.context.query, act.page)


def search(turn: Turn, query: str, page: int) -> Decision:
    """Results for the query, "sold out" with similar products, or a helpful "nothing found"."""
    query, page = query.strip(), max(page, 0)
    result = turn.catalog.search(query, (page + 1) * MAX_PRODUCTS + 1)
    answer = sold_out(turn, query, result) if page == 0 else None
    answer = answer or results(turn, query, page, result)
    if answer is not None:
        return answer
    replies = nothing_found(turn, query, result.suggestions)
    context = replace(turn.context, query=query)
    return turn.decide(*replies, state=ChatState.SEARCHING, context=context)


def search_or_none(turn: Turn, query: str) -> Decision | None:
    """Results for free text that may not be a search at all; None when nothing matches."""
    query = query.strip()
    result = turn.catalog.search(query, MAX_PRODUCTS + 1)
    return sold_out(turn, query, result) or results(turn, query, 0, result)


def sold_out(turn: Turn, query: str, result: SearchResult) -> Decision | None:
    """The best match is sold out: say so, with the in-stock matches and its neighbours."""
    if not result.sold_out:
        return None
    context = replace(turn.context, query=query)
    replies = screens.sold_out(turn, result.sold_out[0], result.products)
    return turn.decide(*replies, state=ChatState.SEARCHING, context=context)


def results(turn: Turn, query: str, page: int, result: SearchResult) -> Decision | None:
    products = result.products[page * MAX_PRODUCTS : (page + 1) * MAX_PRODUCTS]
    if not products:
        return None
    context = replace(turn.context, query=query)
    if len(result.products) == 1:
        card = screens.product_card(turn, products[0], turn.t("search.one", query=query))
        context = replace(context, viewed=products[0].retailer_id)
        return turn.decide(*card, state=ChatState.SEARCHING, context=context)
    more = len(result.products) > (page + 1) * MAX_PRODUCTS
    replies = found(turn, query, products, page, more)
    return turn.decide(*replies, state=ChatState.SEARCHING, context=context)


def found(
    turn: Turn, query: str, products: tuple[ProductView, ...], page: int, more: bool
) -> tuple[FreeFormMessage, ...]:
    header = turn.t("search.header", query=query)
    listing = screens.product_list(turn, header, turn.t("search.body", n=len(products)), products)
    first = (
        turn.button(ids.SearchPage(page + 1), "button.more")
        if more
        else turn.button(ids.ViewCart(), "button.cart")
    )
    nav = ReplyButtons(
        body=turn.t("search.after"),
        buttons=(
            first,
            turn.button(ids.Categories(), "button.categories"),
            turn.button(ids.Menu(), "button.menu"),
        ),
    )
    return listing, nav


def nothing_found(
    turn: Turn, query: str, suggestions: tuple[CategoryView, ...]
) -> tuple[FreeFormMessage, ...]:
    """A helpful dead end: the closest categories, the full list, or a person."""
    rows = [
        turn.row(ids.CategoryPage(c.id), c.title, turn.t("catalog.count", n=c.count))
        for c in suggestions
    ]
    rows.append(turn.row(ids.Categories(), turn.t("search.all_categories")))
    rows.append(turn.row(ids.Operator(), turn.t("menu.operator"), turn.t("search.ask_person")))
    body = turn.t("search.nothing", query=query)
    if len(rows) > 2:
        body = f"{body}\n{turn.t('search.maybe')}"
    return (screens.list_reply(turn, body, "search.button", tuple(rows)),)
