"""The FAQ bot: the merchant's questions and answers (delivery terms, returns, payment, hours,
address), matched against a shopper's text with the catalog's Russian-aware search terms.

One validated document under `desk.faq` in `merchant_setting` (`GET`/`PUT /api/settings/faq`),
read once per inbox transaction like the delivery settings. The match is pure: a question
matches when most of its meaningful words (stems: «доставка», «доставку», «доставки» are one)
are in the text; the best match wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.chat.search import terms
from shop.storage.fastpath import once_per_transaction

KEY = "desk.faq"
SHARE = 0.6  # of a question's words the text must contain


class FaqItem(BaseModel):
    question: str = Field(min_length=3, max_length=200)
    # Other ways shoppers ask the same («сколько везут», «когда привезут»), matched alike.
    phrasings: list[str] = Field(default_factory=list, max_length=10)
    answer: str = Field(min_length=1, max_length=1000)


class Faq(BaseModel):
    items: list[FaqItem] = Field(default_factory=list, max_length=30)


@dataclass(frozen=True)
class Entry:
    """A question as the chat matches it."""

    terms: frozenset[str]
    answer: str


def entries(faq: Faq) -> tuple[Entry, ...]:
    return tuple(
        Entry(frozenset(terms(asked)), item.answer)
        for item in faq.items
        for asked in (item.question, *item.phrasings)
        if terms(asked)
    )


def answer_for(known: tuple[Entry, ...], text: str) -> str | None:
    """The answer of the question the text asks best, or None."""
    words = set(terms(text))
    best: tuple[float, str] | None = None
    for entry in known:
        share = len(entry.terms & words) / len(entry.terms)
        if share >= SHARE and (best is None or share > best[0]):
            best = (share, entry.answer)
    return None if best is None else best[1]


async def faq_of_turn(session: AsyncSession) -> tuple[Entry, ...]:
    """The FAQ as this inbox transaction reads it (once, whatever its number of messages)."""

    async def read() -> tuple[Entry, ...]:
        stored = await merchant_settings.load(session, KEY, Faq)
        return entries(stored) if stored is not None else ()

    return await once_per_transaction(session, "vitrina.faq", read)
