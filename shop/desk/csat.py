"""CSAT after a person closed a chat: 1–5 as a list inside the 24-hour window, else the
`csat` template (five quick replies) — outside the window only with marketing consent."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat.ids import ROW_ID_LIMIT, Csat, pack, unpack
from shop.chat.tables import ShopChat
from shop.consent import store
from shop.consent.rules import ConsentState
from shop.texts import Locale, locale_of, t
from shop.whatsapp.messages import (
    ListMessage,
    ListRow,
    ListSection,
    OutboundMessage,
    TemplateButtonParam,
    TemplateMessage,
)
from shop.whatsapp.outbox import Enqueue, is_window_open
from shop.whatsapp.template_book import CSAT

SCORES = range(1, 6)


def question(locale: Locale) -> ListMessage:
    rows = tuple(
        ListRow(id=pack(Csat(score), ROW_ID_LIMIT), title=t(f"desk.csat.row.{score}", locale))
        for score in SCORES
    )
    return ListMessage(
        body=t("desk.csat.question", locale),
        button=t("desk.csat.button", locale),
        sections=(ListSection(rows=rows),),
    )


def template(locale: Locale) -> TemplateMessage:
    buttons = tuple(
        TemplateButtonParam(index=i, sub_type="quick_reply", value=pack(Csat(score)))
        for i, score in enumerate(SCORES)
    )
    return TemplateMessage(name=CSAT.name, language=locale, buttons=buttons)


async def ask(session: AsyncSession, enqueue: Enqueue, chat: ShopChat, now: datetime) -> None:
    """Queue the rating question for a chat just closed (keyed by the close's moment)."""
    locale = locale_of(chat.locale)
    message: OutboundMessage
    if await is_window_open(session, chat.wa_id, now):
        message = question(locale)
    elif await store.state_of(session, chat.wa_id) is ConsentState.GRANTED:
        message = template(locale)
    else:
        return
    key = f"csat:{chat.id}:{int(now.timestamp())}"
    await enqueue(session, message, to=chat.wa_id, key=key)


def score_of(payload: str | None) -> int | None:
    """The score a list row or a template button carries, if it is a rating."""
    act = unpack(payload or "")
    return act.score if isinstance(act, Csat) and act.score in SCORES else None
