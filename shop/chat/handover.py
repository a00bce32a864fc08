"""When the bot hands a chat to a person, besides «Позвать человека» (pure, plus the hook's
Protocol that the desk implements).

- a return request («вернуть», «возврат» …);
- a question about a product: a text shaped as a question (it ends with «?» or starts with a
  question word) sent right after the product's own card, or replying to a product (WhatsApp's
  `referred_product`), unless the FAQ answers it or the product cannot be bought now (the bot
  says so, with similar ones); the reason names the product (shop/chat/handlers/browse.py
  `on_product_question`). Anything else about a product (a plain «хочу») still gets the
  product and a «Позвать человека» button, and a plain search still searches;
- the second turn in a row the bot could not understand (`Context.misses`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from shop.chat import ids
from shop.chat.decision import Decision, ProductAsked, RequestOperator
from shop.chat.faq import answer_for
from shop.chat.intents import Intent, Text
from shop.chat.search import normalize
from shop.chat.state import ChatState
from shop.chat.turn import Turn
from shop.whatsapp.messages import ReplyButtons, TextMessage

RETURN_STEMS = ("вернуть", "верну", "возврат", "обмен", "return", "refund")
MISSES_BEFORE_PERSON = 2
# Words a question starts with («Есть 42 размер», «Какой состав», «Можно примерить»), kept
# narrow on purpose: a plain search («кеды белые») starts with none of them.
QUESTION_WORDS = frozenset(
    (
        *("как", "какой", "какая", "какое", "какие", "каким", "какого", "какую", "сколько"),
        *("когда", "где", "куда", "откуда", "почему", "зачем", "чем", "кто", "что", "есть"),
        *("можно", "подойдет", "подходит", "будет", "будут", "бывает", "правда", "ли"),
        *("how", "what", "which", "when", "where", "why", "is", "are", "does", "do", "can"),
        *("could", "will"),
    )
)


class OperatorHook(Protocol):
    """What the chat tells the desk, inside the inbox's transaction."""

    async def requested(
        self,
        session: AsyncSession,
        chat_id: int,
        wa_id: str,
        reason: str,
        product: ProductAsked | None = None,
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


def is_question(text: str) -> bool:
    """A text shaped as a question: it ends with «?» or starts with a question word."""
    words = normalize(text).split()
    return bool(words) and (text.rstrip().endswith("?") or words[0] in QUESTION_WORDS)


def asked_product(turn: Turn, intent: Intent) -> str | None:
    """The product a question is about: the one it replies to, else the one whose card the
    last turn showed; None when the text is no question or no product is at hand."""
    if not isinstance(intent, Text) or not is_question(intent.body):
        return None
    return intent.referred_product or turn.viewed


def to_person(turn: Turn, reason: str, product: ProductAsked | None = None) -> Decision:
    """«Позвать человека», with the reason the desk shows; the bot is silent from now on."""
    reply = TextMessage(body=turn.t("operator.requested"))
    context = replace(turn.context.without_checkout(), misses=0)
    return turn.decide(
        reply,
        state=ChatState.WAITING_OPERATOR,
        context=context,
        effects=(RequestOperator(reason=reason, product=product),),
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
