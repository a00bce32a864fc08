"""Staff alerts in a Telegram chat through its Bot API: a chat started waiting for a person, a
new order. Optional (TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID); a job of the worker.

Each run reads what happened after its cursor (transcript handovers, orders by id), moves the
cursor in its own unit of work, then sends: at most once — a crash between the two loses an
alert rather than repeating it, and no transaction waits for Telegram.
"""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Protocol

import httpx
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.clock import Clock
from shop.desk.tables import DeskMessage
from shop.orders.tables import ShopOrder
from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.sql import run
from shop.texts import t
from shop.worker import Job

log = logging.getLogger(__name__)
KEY = "desk.alerts.cursor"
BATCH = 20
LINES = DeskMessage.__table__  # type: ignore[attr-defined]
ORDERS = ShopOrder.__table__  # type: ignore[attr-defined]


class Cursor(BaseModel):
    line: int = 0
    order: int = 0


class Messenger(Protocol):
    async def send(self, text: str) -> None: ...


@dataclass(frozen=True)
class TelegramBot:
    """`sendMessage` of the Bot API (`{api}/bot{token}/sendMessage`)."""

    client: httpx.AsyncClient
    api_url: str
    token: str
    chat_id: str

    async def send(self, text: str) -> None:
        url = f"{self.api_url.rstrip('/')}/bot{self.token}/sendMessage"
        answer = await self.client.post(url, json={"chat_id": self.chat_id, "text": text})
        answer.raise_for_status()


class Alerts:
    def __init__(
        self, *, db: Database, clock: Clock, messenger: Messenger, public_base_url: str
    ) -> None:
        self.db, self.clock, self.messenger = db, clock, messenger
        self.base = public_base_url.rstrip("/")

    async def run_once(self) -> int:
        texts = await self._claim()
        for text in texts:
            try:
                await self.messenger.send(text)
            except httpx.HTTPError as exc:
                log.warning("telegram alert not sent", extra={"error": type(exc).__name__})
        return len(texts)

    async def _claim(self) -> list[str]:
        async with self.db.transaction() as session:
            cursor = await merchant_settings.load(session, KEY, Cursor)
            first = cursor is None
            cursor = cursor or Cursor()
            lines = select(LINES.c.id, LINES.c.wa_id).where(
                LINES.c.id > cursor.line, LINES.c.direction == "event", LINES.c.kind == "handover"
            )
            waiting = list(await run(session, lines.order_by(LINES.c.id).limit(BATCH)))
            orders_q = select(ORDERS.c.id, ORDERS.c.number).where(ORDERS.c.id > cursor.order)
            orders = list(await run(session, orders_q.order_by(ORDERS.c.id).limit(BATCH)))
            if first:  # switched on now: alert what comes next, not the history
                waiting, orders = [], []
                cursor = await _newest(session)
            moved = Cursor(
                line=max([cursor.line, *(row.id for row in waiting)]),
                order=max([cursor.order, *(row.id for row in orders)]),
            )
            if first or moved != cursor:
                await merchant_settings.save(session, KEY, moved, self.clock.now())
        return [self._waiting(row.wa_id) for row in waiting] + [
            self._order(row.id, row.number) for row in orders
        ]

    def _waiting(self, wa_id: str) -> str:
        return t("desk.alert.waiting", phone=f"+{wa_id}", link=f"{self.base}/admin/chats")

    def _order(self, order_id: int, number: str | None) -> str:
        link = f"{self.base}/admin/orders/{order_id}"
        return t("desk.alert.order", number=number or order_id, link=link)


async def _newest(session: AsyncSession) -> Cursor:
    line = (await run(session, select(func.max(LINES.c.id)))).scalar() or 0
    order = (await run(session, select(func.max(ORDERS.c.id)))).scalar() or 0
    return Cursor(line=line, order=order)


JOB = "desk.alerts"


def alert_jobs(
    settings: Settings, db: Database, clock: Clock, stack: AsyncExitStack
) -> tuple[Job, ...]:
    """The alerts' job when TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID are set, else none."""
    token, chat_id = settings.telegram_bot_token, settings.telegram_chat_id
    if token is None or not chat_id:
        return ()
    client = httpx.AsyncClient(timeout=10.0)
    stack.push_async_callback(client.aclose)
    bot = TelegramBot(client, settings.telegram_api_url, token.get_secret_value(), chat_id)
    alerts = Alerts(db=db, clock=clock, messenger=bot, public_base_url=settings.public_base_url)
    return (Job(JOB, alerts.run_once, interval=5.0),)
