"""Checkout's zone step: a courier option with zones asks where to deliver, as a list.

Each row chooses the option in one zone (`ids.Delivery("<option>~<zone>")`), so everything
after it (the address, the summary, the order) reads the zone's title and price through the
option found by that id (`views.find_option`).
"""

from __future__ import annotations

from dataclasses import replace

from catalog.money import Money
from shop.chat import ids, screens
from shop.chat.decision import Decision
from shop.chat.state import ChatState
from shop.chat.turn import Turn
from shop.chat.views import DeliveryOption, find_option
from shop.whatsapp.messages import MAX_ROWS


def _cost(turn: Turn, option: DeliveryOption) -> Money:
    return option.price_for(turn.cart.total(turn.settings.currency))


def price_label(turn: Turn, option: DeliveryOption) -> str | None:
    """`от 300,00 ₽` for an option with zones (its cheapest zone now); None without zones."""
    if not option.zones:
        return None
    cheapest = min((_cost(turn, option.in_zone(z)) for z in option.zones), key=lambda m: m.amount)
    if not cheapest.amount:
        return turn.t("checkout.zone.from_free")
    return turn.t("checkout.zone.from", price=turn.money(cheapest))


def zone_list(turn: Turn, option: DeliveryOption) -> Decision:
    """The zones of `option` with their prices for this cart; the shopper picks one."""
    rows = []
    for zone in option.zones[:MAX_ROWS]:
        zoned = option.in_zone(zone)
        cost = _cost(turn, zoned)
        price = turn.money(cost) if cost.amount else turn.t("checkout.free")
        rows.append(turn.row(ids.Delivery(zoned.id), zone.title, price))
    body = turn.t("checkout.zone.ask", option=option.title)
    reply = screens.list_reply(turn, body, "checkout.zone.button", tuple(rows))
    context = replace(turn.context.without_checkout(), delivery=option.id)
    return turn.decide(reply, state=ChatState.CHECKOUT_DELIVERY, context=context)


def pending(turn: Turn) -> DeliveryOption | None:
    """The option whose zone list is on screen, when a text came instead of a pick."""
    if turn.state is not ChatState.CHECKOUT_DELIVERY:
        return None
    option = find_option(turn.settings.delivery_options, turn.context.delivery)
    return option if option is not None and option.zones else None
