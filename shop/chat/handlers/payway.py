"""Paying on delivery or at pickup: when the shop offers it, the shopper chooses how to pay
before the summary; an order paid on delivery is confirmed in the chat and gets no link.

E-mail-only receipts: when YooKassa's own receipts are used (they reach the shopper by e-mail
only), the contact step asks for an e-mail instead of offering the WhatsApp number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from shop.chat import ids
from shop.chat.decision import Decision
from shop.chat.state import CHECKOUT, ChatState
from shop.chat.turn import Turn
from shop.whatsapp.messages import FreeFormMessage, ReplyButtons, TextMessage

Summary = Callable[[Turn], Decision]


def email_prompt(turn: Turn, *before: FreeFormMessage) -> Decision | None:
    """The contact step in e-mail-only mode; None when the shop's receipts may go to a phone."""
    if not turn.settings.email_only:
        return None
    prompt = TextMessage(body=turn.t("checkout.email_only"))
    return turn.decide(*before, prompt, state=ChatState.CHECKOUT_EMAIL)


def email_again(turn: Turn) -> Decision | None:
    """A mistyped address in e-mail-only mode: asked again politely, with no phone offered."""
    if not turn.settings.email_only:
        return None
    prompt = TextMessage(body=turn.t("checkout.email_only_bad"))
    return turn.decide(prompt, state=ChatState.CHECKOUT_EMAIL)


def ask(turn: Turn) -> Decision | None:
    """How to pay, once per checkout, when the shop offers paying on delivery."""
    if not turn.settings.pay_on_delivery or turn.context.pay_chosen:
        return None
    buttons = (
        turn.button(ids.PayWay(False), "payway.online"),
        turn.button(ids.PayWay(True), "payway.on_delivery"),
    )
    reply = ReplyButtons(body=turn.t("payway.question"), buttons=buttons)
    return turn.decide(reply, state=ChatState.CHECKOUT_PAYMENT)


def on_pay_way(turn: Turn, act: ids.PayWay, summary: Summary) -> Decision:
    if turn.state not in CHECKOUT or not turn.context.contact_chosen:
        return summary(turn)  # the summary sends a stale tap back to the right step
    on_delivery = act.on_delivery and turn.settings.pay_on_delivery
    context = replace(turn.context, pay_on_delivery=on_delivery, pay_chosen=True)
    return summary(replace(turn, context=context))


def on_text(turn: Turn, summary: Summary) -> Decision:
    """Text where the choice is expected: ask again (the summary, if no longer offered)."""
    return ask(turn) or summary(turn)


def summary_line(turn: Turn) -> str:
    """The summary's line on how the order is paid; empty when only online payment exists."""
    if not turn.settings.pay_on_delivery:
        return ""
    way = "on_delivery" if turn.context.pay_on_delivery else "online"
    return turn.t("payway.summary", way=turn.t(f"payway.summary.{way}"))


def ready(turn: Turn) -> bool:
    """Whether the order may be placed as far as paying goes."""
    return not turn.settings.pay_on_delivery or turn.context.pay_chosen
