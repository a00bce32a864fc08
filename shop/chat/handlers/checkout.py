"""Checkout: delivery, pickup point or address, receipt contact, summary and confirmation."""

from __future__ import annotations

import re
from dataclasses import replace

from catalog.money import Money
from shop.chat import ids, screens
from shop.chat.decision import (
    Decision,
    DeliveryChoice,
    PlaceOrder,
    ReceiptContact,
    ReplaceCart,
    apply,
)
from shop.chat.handlers import payway, promo, zones
from shop.chat.handlers.cart import Wanted, corrections, reconcile
from shop.chat.intents import LocationShared, Text
from shop.chat.replies import fit
from shop.chat.state import CHECKOUT, ChatState, Context
from shop.chat.turn import Turn
from shop.chat.views import DeliveryKind, DeliveryOption, PickupPoint, find_option
from shop.whatsapp.messages import (
    BODY,
    MAX_BUTTONS,
    MAX_ROWS,
    TEXT_BODY,
    FreeFormMessage,
    LocationMessage,
    ReplyButtons,
    TextMessage,
)

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
MIN_ADDRESS = 5
CONTACT_STEPS = frozenset(
    {ChatState.CHECKOUT_CONTACT, ChatState.CHECKOUT_EMAIL, ChatState.CHECKOUT_CONFIRM}
)
YES = frozenset({"да", "ок", "ok", "yes", "подтверждаю", "верно", "+"})


def _option(turn: Turn, option_id: str | None) -> DeliveryOption | None:
    return find_option(turn.settings.delivery_options, option_id)


def _point(turn: Turn, point_id: str | None) -> PickupPoint | None:
    return next((p for p in turn.settings.pickup_points if p.id == point_id), None)


def _points(turn: Turn, option: DeliveryOption) -> tuple[PickupPoint, ...]:
    """The pickup points of this option (a point tied to no option serves them all)."""
    return tuple(p for p in turn.settings.pickup_points if p.option in ("", option.id))


def _cost(turn: Turn, option: DeliveryOption) -> Money:
    return option.price_for(turn.cart.total(turn.settings.currency))


def _price(turn: Turn, option: DeliveryOption) -> str:
    zoned = zones.price_label(turn, option)
    if zoned is not None:
        return zoned
    cost = _cost(turn, option)
    return turn.money(cost) if cost.amount else turn.t("checkout.free")


def _row_price(turn: Turn, option: DeliveryOption) -> str:
    return zones.price_label(turn, option) or turn.money(_cost(turn, option))


def _checked_cart(turn: Turn) -> Decision | None:
    """Back to the cart when it is empty or the catalog changed under it."""
    if not turn.cart.lines:
        return turn.decide(*screens.cart_view(turn, turn.cart), state=ChatState.CART)
    wanted = [
        Wanted(ln.retailer_id, ln.quantity, turn.money(ln.unit_price)) for ln in turn.cart.lines
    ]
    lines, notes = reconcile(turn, wanted)
    if not notes:
        return None
    op = ReplaceCart(lines)
    intro = "\n\n".join(filter(None, [corrections(turn, notes), turn.t("checkout.recheck")]))
    view = screens.cart_view(turn, apply(turn.cart, (op,)), intro)
    context = turn.context.without_checkout()
    return turn.decide(*view, state=ChatState.CART, context=context, ops=(op,))


def on_checkout(turn: Turn, act: ids.Checkout) -> Decision:
    stop = _checked_cart(turn)
    if stop is not None:
        return stop
    options = turn.settings.delivery_options
    context = turn.context.without_checkout()
    if not options:
        text = ReplyButtons(
            body=turn.t("checkout.no_delivery"),
            buttons=(turn.button(ids.Operator(), "button.operator"),),
        )
        return turn.decide(text, state=ChatState.CART, context=context)
    lines = [turn.t("checkout.option", title=o.title, price=_price(turn, o)) for o in options]
    body = fit("\n".join([turn.t("checkout.delivery"), *lines]), BODY)
    buttons = tuple(turn.plain_button(ids.Delivery(o.id), o.title) for o in options)
    if len(options) <= MAX_BUTTONS and len({b.title for b in buttons}) == len(buttons):
        reply: FreeFormMessage = ReplyButtons(body=body, buttons=buttons)
    else:
        rows = tuple(
            turn.row(ids.Delivery(o.id), o.title, _row_price(turn, o)) for o in options[:MAX_ROWS]
        )
        reply = screens.list_reply(turn, body, "checkout.delivery_button", rows)
    return turn.decide(reply, state=ChatState.CHECKOUT_DELIVERY, context=context)


def on_delivery(turn: Turn, act: ids.Delivery) -> Decision:
    option = _option(turn, act.option)
    if option is None or not turn.cart.lines or turn.state not in CHECKOUT:
        return on_checkout(turn, ids.Checkout())
    if option.zones:
        return zones.zone_list(turn, option)
    context = replace(turn.context.without_checkout(), delivery=option.id)
    if option.kind is DeliveryKind.COURIER:
        prompt = TextMessage(body=turn.t("checkout.address"))
        return turn.decide(prompt, state=ChatState.CHECKOUT_ADDRESS, context=context)
    points = _points(turn, option)
    if len(points) == 1:
        return _pickup_chosen(turn, points[0], context)
    if not points:
        return on_checkout(turn, ids.Checkout())
    return _pickup_list(turn, option, context, 0)


def _pickup_list(turn: Turn, option: DeliveryOption, context: Context, page: int) -> Decision:
    rows = screens.paged_rows(
        turn,
        _points(turn, option),
        page,
        lambda p: turn.row(ids.Pickup(p.id), p.title, p.address),
        ids.PickupPage,
    )
    reply = screens.list_reply(turn, turn.t("checkout.pickup"), "checkout.pickup_button", rows)
    return turn.decide(reply, state=ChatState.CHECKOUT_PICKUP, context=context)


def on_pickup_page(turn: Turn, act: ids.PickupPage) -> Decision:
    option = _option(turn, turn.context.delivery)
    if turn.state not in CHECKOUT or option is None or option.kind is not DeliveryKind.PICKUP:
        return on_checkout(turn, ids.Checkout())
    return _pickup_list(turn, option, turn.context, act.page)


def on_pickup(turn: Turn, act: ids.Pickup) -> Decision:
    point = _point(turn, act.point)
    option = _option(turn, turn.context.delivery)
    if (
        turn.state not in CHECKOUT
        or point is None
        or option is None
        or option.kind is not DeliveryKind.PICKUP
        or point not in _points(turn, option)
    ):
        return on_checkout(turn, ids.Checkout())
    return _pickup_chosen(turn, point, turn.context)


def _pickup_chosen(turn: Turn, point: PickupPoint, context: Context) -> Decision:
    place = LocationMessage(
        latitude=float(point.lat),
        longitude=float(point.lon),
        name=point.title or None,
        address=point.address or None,
    )
    context = replace(context, pickup=point.id)
    return contact_prompt(replace(turn, context=context), place)


def contact_prompt(turn: Turn, *before: FreeFormMessage) -> Decision:
    email_only = payway.email_prompt(turn, *before)
    if email_only is not None:
        return email_only
    buttons = (
        turn.button(ids.ContactPhone(), "button.phone"),
        turn.button(ids.ContactEmail(), "button.email"),
    )
    reply = ReplyButtons(body=turn.t("checkout.contact"), buttons=buttons)
    return turn.decide(*before, reply, state=ChatState.CHECKOUT_CONTACT)


def on_address_text(turn: Turn, intent: Text) -> Decision:
    address = " ".join(intent.body.split())
    if len(address) < MIN_ADDRESS:
        return turn.decide(TextMessage(body=turn.t("checkout.address_short")))
    context = replace(turn.context, address=fit(address, 500), lat=None, lon=None)
    return contact_prompt(replace(turn, context=context))


def on_address_location(turn: Turn, intent: LocationShared) -> Decision:
    named = ", ".join(filter(None, [intent.name, intent.address]))
    address = named or turn.t("checkout.pin", lat=intent.lat, lon=intent.lon)
    context = replace(turn.context, address=address, lat=intent.lat, lon=intent.lon)
    return contact_prompt(replace(turn, context=context))


def on_contact_phone(turn: Turn, act: ids.ContactPhone) -> Decision:
    if turn.state not in CONTACT_STEPS:
        return on_checkout(turn, ids.Checkout())
    if turn.settings.email_only:  # a phone button from before the shop changed its receipts
        return contact_prompt(turn)
    context = replace(turn.context, email=None, contact_chosen=True)
    return summary(replace(turn, context=context))


def on_contact_email(turn: Turn, act: ids.ContactEmail) -> Decision:
    if turn.state not in CONTACT_STEPS:
        return on_checkout(turn, ids.Checkout())
    prompt = TextMessage(body=turn.t("checkout.email"))
    return turn.decide(prompt, state=ChatState.CHECKOUT_EMAIL)


def on_email_text(turn: Turn, intent: Text) -> Decision:
    email = intent.body.strip()
    if not EMAIL.match(email):
        again = payway.email_again(turn)
        if again is not None:
            return again
        buttons = (turn.button(ids.ContactPhone(), "button.phone"),)
        reply = ReplyButtons(body=turn.t("checkout.email_bad"), buttons=buttons)
        return turn.decide(reply, state=ChatState.CHECKOUT_EMAIL)
    context = replace(turn.context, email=email.lower(), contact_chosen=True)
    return summary(replace(turn, context=context))


def _grand_total(turn: Turn, option: DeliveryOption) -> Money:
    return turn.cart.total(turn.settings.currency) + _cost(turn, option) - promo.discount(turn)


def summary(turn: Turn) -> Decision:
    option = _option(turn, turn.context.delivery)
    if option is None or not turn.cart.lines:
        return on_checkout(turn, ids.Checkout())
    how_to_pay = payway.ask(turn)
    if how_to_pay is not None:
        return how_to_pay
    point = _point(turn, turn.context.pickup)
    where = point.title + ", " + point.address if point else turn.context.address or ""
    contact = turn.context.email or turn.t("checkout.whatsapp_number")
    text = turn.t(
        "checkout.summary",
        lines=screens.cart_lines(turn, turn.cart),
        delivery=option.title,
        delivery_price=_price(turn, option),
        where=where,
        contact=contact,
        total=turn.money(_grand_total(turn, option)),
    )
    buttons = (
        turn.button(ids.Confirm(), "button.confirm"),
        turn.button(ids.Checkout(), "button.change"),
        turn.button(ids.CancelCheckout(), "button.cancel"),
    )
    reply = ReplyButtons(body=turn.t("checkout.confirm"), buttons=buttons)
    text = "\n\n".join(filter(None, [text, payway.summary_line(turn), promo.summary_line(turn)]))
    lines = TextMessage(body=fit(text, TEXT_BODY))
    return turn.decide(lines, reply, state=ChatState.CHECKOUT_CONFIRM)


def _ready(turn: Turn) -> bool:
    option = _option(turn, turn.context.delivery)
    if turn.state is not ChatState.CHECKOUT_CONFIRM or option is None:
        return False
    where = (
        _point(turn, turn.context.pickup)
        if option.kind is DeliveryKind.PICKUP
        else turn.context.address
    )
    return where is not None and turn.context.contact_chosen and payway.ready(turn)


def on_confirm(turn: Turn, act: ids.Confirm) -> Decision:
    if not _ready(turn):
        return on_checkout(turn, ids.Checkout())
    stop = _checked_cart(turn)
    if stop is not None:
        return stop
    option = _option(turn, turn.context.delivery)
    assert option is not None  # _ready checked it
    ctx = turn.context
    choice = DeliveryChoice(option.id, ctx.pickup, ctx.address, ctx.lat, ctx.lon)
    total = _grand_total(turn, option)
    order = PlaceOrder(
        choice,
        ReceiptContact(ctx.email),
        total,
        ctx.note,
        promo=ctx.promo,
        pay_on_delivery=ctx.pay_on_delivery,
    )
    replies: list[FreeFormMessage] = [TextMessage(body=turn.t("checkout.placing"))]
    if not ctx.consent_asked:
        replies.append(consent_question(turn, "after_order"))
    context = replace(ctx.without_checkout(), note=None, consent_asked=True)
    return turn.decide(*replies, state=ChatState.MENU, context=context, effects=(order,))


def on_confirm_text(turn: Turn, intent: Text) -> Decision:
    if intent.body.strip().casefold() in YES:
        return on_confirm(turn, ids.Confirm())
    return promo.on_code(turn, intent, summary) or summary(turn)


def on_cancel(turn: Turn, act: ids.CancelCheckout) -> Decision:
    context = turn.context.without_checkout()
    view = screens.cart_view(turn, turn.cart, turn.t("checkout.cancelled"))
    return turn.decide(*view, state=ChatState.CART, context=context)


def on_step_text(turn: Turn, intent: Text) -> Decision:
    """Text where a button is expected: ask again for the current step."""
    if turn.state is ChatState.CHECKOUT_PICKUP and turn.context.delivery:
        return on_delivery(turn, ids.Delivery(turn.context.delivery))
    zoned = zones.pending(turn)
    if zoned is not None:
        return zones.zone_list(turn, zoned)
    return on_checkout(turn, ids.Checkout())


def consent_question(turn: Turn, source: str) -> ReplyButtons:
    buttons = (
        turn.button(ids.ConsentAnswer(True, source), "button.yes"),
        turn.button(ids.ConsentAnswer(False, source), "button.no"),
    )
    return ReplyButtons(body=turn.t("consent.question"), buttons=buttons)
