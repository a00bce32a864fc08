"""The summary's «Есть промокод?»: a code typed there is judged before the turn (its verdict
comes in the settings view) and, when accepted, carried to the order in the context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from catalog.money import Money
from shop.chat.decision import Decision
from shop.chat.intents import Text
from shop.chat.turn import Turn
from shop.promo.rules import Accepted, Refused, looks_like_code
from shop.promo.wording import refusal_text
from shop.whatsapp.messages import TextMessage


def discount(turn: Turn) -> Money:
    """What the accepted code takes off, as the summary shows it (zero without one)."""
    return Money.from_minor(turn.context.promo_off_minor, turn.settings.currency)


def summary_line(turn: Turn) -> str:
    """The summary's promo line: the discount taken, or the question."""
    if turn.context.promo is None:
        return turn.t("promo.ask")
    return turn.t(
        "promo.summary_line", code=turn.context.promo, discount=turn.money(discount(turn))
    )


def on_code(turn: Turn, intent: Text, summary: Callable[[Turn], Decision]) -> Decision | None:
    """The verdict on the typed code, then the summary again; None: not a code after all."""
    verdict = turn.settings.promo
    if verdict is None or not looks_like_code(intent.body):
        return None
    if isinstance(verdict, Refused):
        goods = turn.cart.total(turn.settings.currency)
        why = refusal_text(verdict, turn.settings.locale, goods=goods)
        shown = summary(turn)
        return replace(shown, replies=(TextMessage(body=why), *shown.replies))
    assert isinstance(verdict, Accepted)
    code, off = verdict.terms.code, verdict.discount
    context = replace(turn.context, promo=code, promo_off_minor=off.minor)
    shown = summary(replace(turn, context=context))
    applied = TextMessage(body=turn.t("promo.applied", code=code, discount=turn.money(off)))
    return replace(shown, replies=(applied, *shown.replies))
