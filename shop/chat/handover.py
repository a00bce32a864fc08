"""When the bot hands a chat to a person, besides «Позвать человека» (pure, plus the hook's
Protocol that the desk implements).

- a return request («вернуть», «возврат» …);
- a question about a product: the bot answers a text replying to a product with the product
  and a «Позвать человека» button (shop/chat/handlers/browse.py `on_referred`), so the shopper
  reaches a person in one tap without losing the product's card;
- the second turn in a row the bot could not understand (`Context.misses`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from shop.chat import ids
from shop.chat.decision import Decision, RequestOperator
from shop.chat.faq import answer_for
from shop.chat.intents import Intent, Text
from shop.chat.search import normalize
from shop.chat.state import ChatState
from shop.chat.turn import Turn
from shop.whatsapp.messages import ReplyButtons, TextMessage

RETURN_STEMS = ("вернуть", "верну", "возврат", "обмен", "return", "refund")
MISSES_BEFORE_PERSON = 2


class OperatorHook(Protocol):
    """What the chat tells the desk, inside the inbox's transaction."""

    async def requested(
        self, session: AsyncSession, chat_id: int, wa_id: str, reason: str
    ) -> list[TextMessage]:
        """Route the chat to a group; the replies to add (the group's out-of-hours text)."""
        ...

    async def released(self, session: AsyncSession, chat_id: int, wa_id: str) -> None: ...


def reason_for(intent: Intent) -> str | None:
    """Why this text wants a person, or None."""
    if not isinstance(intent, Text):
        return None
    words = normalize(intent.body).split()
    if any(word.startswith(stem) for word in words for stem in RETURN_STEMS):
        return "return"
    return None


def to_person(turn: Turn, reason: str) -> Decision:
    """«Позвать человека», with the reason the desk shows; the bot is silent from now on."""
    reply = TextMessage(body=turn.t("operator.requested"))
    context = replace(turn.context.without_checkout(), misses=0)
    return turn.decide(
        reply,
        state=ChatState.WAITING_OPERATOR,
        context=context,
        effects=(RequestOperator(reason=reason),),
    )


def on_csat(turn: Turn, act: ids.Csat) -> Decision:
    """A rating after a person closed the chat: thanks (the desk keeps the score from the
    transcript)."""
    return turn.decide(TextMessage(body=turn.t("desk.csat.thanks")), state=ChatState.MENU)


def faq_answer(turn: Turn, text: str) -> Decision | None:
    """The FAQ's answer to a free text, then «Это помогло?» (Да / Позвать человека); a "no"
    is the person's button, which hands over with the question in the history."""
    answer = answer_for(turn.settings.faq, text)
    if answer is None:
        return None
    buttons = (
        turn.button(ids.FaqHelped(), "desk.faq.yes"),
        turn.button(ids.Operator(), "button.operator"),
    )
    ask = ReplyButtons(body=turn.t("desk.faq.helped"), buttons=buttons)
    return turn.decide(TextMessage(body=answer), ask, state=ChatState.MENU)


def on_faq_helped(turn: Turn, act: ids.FaqHelped) -> Decision:
    return turn.decide(TextMessage(body=turn.t("desk.faq.glad")), state=ChatState.MENU)


def after_miss(turn: Turn, decision: Decision) -> Decision:
    """The bot did not understand: count it, and at the second miss in a row call a person."""
    misses = turn.context.misses + 1
    if misses >= MISSES_BEFORE_PERSON:
        return to_person(turn, "not_understood")
    return replace(decision, context=replace(decision.context, misses=misses))
