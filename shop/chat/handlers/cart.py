"""The cart: the native WhatsApp cart corrected by our catalog, and the bot's own edits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from shop.chat import ids, screens
from shop.chat.decision import (
    AddToCart,
    ClearCart,
    Decision,
    RemoveLine,
    ReplaceCart,
    SetQuantity,
    apply,
)
from shop.chat.intents import CartSent, Text
from shop.chat.replies import fit
from shop.chat.state import ChatState
from shop.chat.turn import Turn
from shop.chat.views import CartLine
from shop.whatsapp.messages import BODY, ReplyButtons


@dataclass(frozen=True)
class Wanted:
    retailer_id: str
    quantity: int
    price_seen: str | None = None  # as the shopper saw it, formatted; None: not shown to them


def reconcile(turn: Turn, wanted: Iterable[Wanted]) -> tuple[tuple[CartLine, ...], list[str]]:
    """Lines priced and limited by our catalog, and a note for every correction made."""
    merged: dict[str, Wanted] = {}
    for w in wanted:
        prior = merged.get(w.retailer_id)
        merged[w.retailer_id] = replace(w, quantity=w.quantity + (prior.quantity if prior else 0))
    lines: list[CartLine] = []
    notes: list[str] = []
    for w in merged.values():
        product = turn.catalog.product(w.retailer_id)
        if product is None:
            notes.append(turn.t("fix.unknown", sku=w.retailer_id))
            continue
        if not product.offerable:
            why = "fix.sold_out" if product.sold_out else "fix.unavailable"
            notes.append(turn.t(why, title=product.title))
            continue
        quantity = min(w.quantity, turn.settings.max_quantity)
        if quantity < w.quantity:
            notes.append(turn.t("fix.limit", title=product.title, n=quantity))
        if product.stock is not None and quantity > product.stock:
            quantity = product.stock
            notes.append(turn.t("fix.stock", title=product.title, n=quantity))
        price = turn.money(product.price)
        if w.price_seen is not None and w.price_seen != price:
            notes.append(turn.t("fix.price", title=product.title, old=w.price_seen, new=price))
        if quantity > 0:
            lines.append(CartLine(product.retailer_id, product.title, quantity, product.price))
    return tuple(lines), notes


def corrections(turn: Turn, notes: list[str]) -> str | None:
    if not notes:
        return None
    return "\n".join([turn.t("fix.intro"), *(f"• {n}" for n in notes)])


def on_cart_sent(turn: Turn, intent: CartSent) -> Decision:
    """The native cart replaces ours; quantities and prices come from our catalog."""
    wanted = (
        Wanted(i.retailer_id, i.quantity, turn.seen_price(i.price_seen, i.currency))
        for i in intent.items
        if i.quantity > 0
    )
    lines, notes = reconcile(turn, wanted)
    op = ReplaceCart(lines)
    intro = "\n\n".join(filter(None, [turn.t("cart.received"), corrections(turn, notes)]))
    cart = apply(turn.cart, (op,))
    context = replace(turn.context, note=intent.note.strip() or None, editing=None)
    return turn.decide(
        *screens.cart_view(turn, cart, intro), state=ChatState.CART, context=context, ops=(op,)
    )


def on_add(turn: Turn, act: ids.Add) -> Decision:
    product = turn.catalog.product(act.sku)
    if product is not None and product.sold_out:
        return turn.decide(*screens.sold_out(turn, product), state=ChatState.BROWSING)
    if product is None or not product.offerable or act.qty < 1:
        return turn.decide(*screens.cart_view(turn, turn.cart, turn.t("product.unavailable")))
    line = turn.cart.line(act.sku)
    have = line.quantity if line else 0
    limit = min(turn.settings.max_quantity, product.stock or turn.settings.max_quantity)
    adding = min(act.qty, limit - have)
    if adding <= 0:
        text = turn.t("cart.at_limit", title=product.title, n=have)
        return turn.decide(*screens.cart_view(turn, turn.cart, text), state=ChatState.CART)
    op = AddToCart(CartLine(product.retailer_id, product.title, adding, product.price))
    cart = apply(turn.cart, (op,))
    text = turn.t(
        "cart.added",
        title=product.title,
        n=have + adding,
        count=cart.count,
        total=turn.money(cart.total(turn.settings.currency)),
    )
    buttons = (
        turn.button(ids.Checkout(), "button.checkout"),
        turn.button(ids.ViewCart(), "button.cart"),
        turn.button(ids.Categories(), "button.catalog"),
    )
    reply = ReplyButtons(body=fit(text, BODY), buttons=buttons)
    return turn.decide(reply, state=ChatState.CART, ops=(op,))


def set_quantity(turn: Turn, sku: str, quantity: int) -> Decision:
    line = turn.cart.line(sku)
    context = replace(turn.context, editing=None)
    if line is None:
        view = screens.cart_view(turn, turn.cart, turn.t("cart.no_line"))
        return turn.decide(*view, state=ChatState.CART, context=context)
    if quantity <= 0:
        return remove(turn, sku)
    lines, notes = reconcile(turn, [Wanted(sku, quantity)])
    if not lines:
        op: RemoveLine | SetQuantity = RemoveLine(sku)
    else:
        op = SetQuantity(sku, lines[0].quantity)
    cart = apply(turn.cart, (op,))
    intro = corrections(turn, notes) or turn.t("cart.updated", title=line.title)
    view = screens.cart_view(turn, cart, intro)
    return turn.decide(*view, state=ChatState.CART, context=context, ops=(op,))


def on_set_qty(turn: Turn, act: ids.SetQty) -> Decision:
    return set_quantity(turn, act.sku, act.qty)


def remove(turn: Turn, sku: str) -> Decision:
    line = turn.cart.line(sku)
    context = replace(turn.context, editing=None)
    if line is None:
        view = screens.cart_view(turn, turn.cart, turn.t("cart.no_line"))
        return turn.decide(*view, state=ChatState.CART, context=context)
    op = RemoveLine(sku)
    view = screens.cart_view(
        turn, apply(turn.cart, (op,)), turn.t("cart.removed", title=line.title)
    )
    return turn.decide(*view, state=ChatState.CART, context=context, ops=(op,))


def on_remove(turn: Turn, act: ids.Remove) -> Decision:
    return remove(turn, act.sku)


def on_clear(turn: Turn, act: ids.Clear) -> Decision:
    op = ClearCart()
    view = screens.cart_view(turn, apply(turn.cart, (op,)), turn.t("cart.cleared"))
    context = replace(turn.context, editing=None)
    return turn.decide(*view, state=ChatState.CART, context=context, ops=(op,))


def on_view_cart(turn: Turn, act: ids.ViewCart) -> Decision:
    return turn.decide(*screens.cart_view(turn, turn.cart), state=ChatState.CART)


def on_edit_cart(turn: Turn, act: ids.EditCart) -> Decision:
    """The lines as a list to pick one from, with "clear the cart" last."""
    if not turn.cart.lines:
        return on_view_cart(turn, ids.ViewCart())
    choices = [*turn.cart.lines, None]
    rows = screens.paged_rows(
        turn,
        choices,
        act.page,
        lambda ln: (
            turn.row(ids.EditLine(ln.retailer_id), ln.title, turn.t("cart.row", n=ln.quantity))
            if ln
            else turn.row(ids.Clear(), turn.t("cart.clear_row"))
        ),
        ids.EditCart,
    )
    reply = screens.list_reply(turn, turn.t("cart.edit"), "cart.edit_button", rows)
    return turn.decide(reply, state=ChatState.CART)


def on_edit_line(turn: Turn, act: ids.EditLine) -> Decision:
    line = turn.cart.line(act.sku)
    if line is None:
        return on_view_cart(turn, ids.ViewCart())
    text = turn.t("cart.line_edit", title=line.title, n=line.quantity)
    buttons = (
        turn.button(ids.SetQty(line.retailer_id, line.quantity + 1), "button.plus"),
        turn.button(ids.SetQty(line.retailer_id, line.quantity - 1), "button.minus"),
        turn.button(ids.Remove(line.retailer_id), "button.remove"),
    )
    context = replace(turn.context, editing=line.retailer_id)
    reply = ReplyButtons(body=fit(text, BODY), buttons=buttons)
    return turn.decide(reply, state=ChatState.CART, context=context)


def quantity_typed(turn: Turn, intent: Text) -> Decision | None:
    """A number typed right after picking a line sets that line's quantity."""
    typed = intent.body.strip()
    if turn.context.editing is None or not (typed.isascii() and typed.isdigit()):
        return None
    return set_quantity(turn, turn.context.editing, int(typed))
