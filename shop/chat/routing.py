"""The explicit routing tables: (step, intent kind) → handler, and action type → handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shop.chat import handover, ids, returns
from shop.chat.decision import Decision
from shop.chat.handlers import browse, cart, checkout, menu, payway
from shop.chat.intents import (
    ButtonTap,
    CartSent,
    Intent,
    ListPick,
    LocationShared,
    MediaSent,
    TemplateButton,
    Text,
    Unsupported,
)
from shop.chat.state import ChatState
from shop.chat.turn import Turn

Handler = Callable[[Turn, Any], Decision]
S = ChatState
ANY = None  # a row for every step that has no row of its own


def on_action_intent(turn: Turn, intent: ButtonTap | ListPick | TemplateButton) -> Decision:
    act = ids.unpack(intent.payload)
    if act is None:
        return menu.on_stale(turn, intent)
    return dispatch(turn, act)


def dispatch(turn: Turn, act: ids.Action) -> Decision:
    handler: Handler = ACTIONS[type(act)]
    return handler(turn, act)


ROUTES: dict[tuple[ChatState | None, str], Handler] = {
    (ANY, Text.kind): menu.on_text,
    (S.SEARCHING, Text.kind): browse.on_search_text,
    (S.CART, Text.kind): menu.on_cart_text,
    (S.CHECKOUT_DELIVERY, Text.kind): checkout.on_step_text,
    (S.CHECKOUT_PICKUP, Text.kind): checkout.on_step_text,
    (S.CHECKOUT_ADDRESS, Text.kind): checkout.on_address_text,
    (S.CHECKOUT_CONTACT, Text.kind): checkout.on_email_text,
    (S.CHECKOUT_EMAIL, Text.kind): checkout.on_email_text,
    (S.CHECKOUT_PAYMENT, Text.kind): lambda turn, _: payway.on_text(turn, checkout.summary),
    (S.CHECKOUT_CONFIRM, Text.kind): checkout.on_confirm_text,
    (ANY, ButtonTap.kind): on_action_intent,
    (ANY, ListPick.kind): on_action_intent,
    (ANY, TemplateButton.kind): on_action_intent,
    (ANY, CartSent.kind): cart.on_cart_sent,
    (ANY, LocationShared.kind): menu.on_location,
    (S.CHECKOUT_ADDRESS, LocationShared.kind): checkout.on_address_location,
    (ANY, MediaSent.kind): menu.on_media,
    (ANY, Unsupported.kind): menu.on_media,
    # A person has been called: automatic replies pause whatever arrives.
    **{
        (S.WAITING_OPERATOR, kind.kind): menu.on_waiting
        for kind in (
            Text,
            ButtonTap,
            ListPick,
            TemplateButton,
            CartSent,
            LocationShared,
            MediaSent,
            Unsupported,
        )
    },
}

ACTIONS: dict[type[ids.Action], Handler] = {
    ids.Menu: menu.on_menu,
    ids.Categories: browse.on_categories,
    ids.CategoryPage: browse.on_category,
    ids.WholeCatalog: browse.on_whole_catalog,
    ids.StartSearch: browse.on_start_search,
    ids.SearchPage: browse.on_search_page,
    ids.ShowProduct: browse.on_show_product,
    ids.Add: cart.on_add,
    ids.SetQty: cart.on_set_qty,
    ids.EditLine: cart.on_edit_line,
    ids.Remove: cart.on_remove,
    ids.ViewCart: cart.on_view_cart,
    ids.EditCart: cart.on_edit_cart,
    ids.Clear: cart.on_clear,
    ids.Checkout: checkout.on_checkout,
    ids.Delivery: checkout.on_delivery,
    ids.PickupPage: checkout.on_pickup_page,
    ids.Pickup: checkout.on_pickup,
    ids.ContactPhone: checkout.on_contact_phone,
    ids.ContactEmail: checkout.on_contact_email,
    ids.Confirm: checkout.on_confirm,
    ids.PayWay: lambda turn, act: payway.on_pay_way(turn, act, checkout.summary),
    ids.CancelCheckout: checkout.on_cancel,
    ids.MyOrders: menu.on_my_orders,
    ids.AboutShop: menu.on_about,
    ids.ReturnStart: returns.on_start,
    ids.ReturnOrder: returns.on_order,
    ids.ReturnReason: returns.on_reason,
    ids.Operator: menu.on_operator,
    ids.Csat: handover.on_csat,
    ids.FaqHelped: handover.on_faq_helped,
    ids.AskConsent: menu.on_ask_consent,
    ids.ConsentAnswer: menu.on_consent,
    ids.Language: menu.on_language,
}


def _product_question(turn: Turn, intent: Text) -> str | None:
    """The product a question right after its card (or replying to it) is about; a menu word
    or a command («меню?», «оператор?») stays what it is, and checkout's texts are answers."""
    if turn.state.startswith("checkout") or menu.is_menu_word(intent):
        return None
    if menu.command_of(intent) is not None:
        return None
    return handover.asked_product(turn, intent)


def route(turn: Turn, intent: Intent) -> Handler:
    """Checks that beat the table, then the step's own row, then the row for any step."""
    if turn.state is not S.WAITING_OPERATOR and isinstance(intent, Text):
        # A return request goes to a person (not mid-checkout, where a text is an address).
        reason = None if turn.state.startswith("checkout") else handover.reason_for(intent)
        if reason is not None:
            return lambda t, _: handover.to_person(t, reason)
        asked = _product_question(turn, intent)
        if asked is not None:
            return lambda t, i: browse.on_product_question(t, i, asked)
        if intent.referred_product:
            return browse.on_referred
        if menu.is_menu_word(intent) or turn.state is S.NEW:
            return menu.on_welcome
        # While searching, "корзина" is a product to look for, not the cart.
        command = menu.command_of(intent) if turn.state is not S.SEARCHING else None
        if command is not None:
            return lambda t, _: dispatch(t, command)
    return ROUTES.get((turn.state, intent.kind)) or ROUTES[(ANY, intent.kind)]
