"""A week of a shop's life as real rows: orders, reminders, chats, inbox, outbox, products."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from catalog.tables import CatalogProduct
from shop.chat.tables import ShopCart, ShopChat
from shop.desk.tables import DeskChat
from shop.orders.tables import ShopOrder
from shop.reminders.tables import NudgeSend
from shop.storage.db import Database
from shop.whatsapp.tables import WaOutbox, WaPhoneQuality, WaTemplate
from webhooks.tables import WaDeadLetter, WaInbox

# 15:00 UTC is 18:00 in Moscow: "today" began at 21:00 UTC the day before.
NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
TODAY = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def chat(n: int, waiting: datetime | None = None) -> ShopChat:
    return ShopChat(id=n, business="b", wa_id=f"7900000000{n}", operator_requested_at=waiting)


def order(
    n: int, chat_id: int, created: datetime, total: str, paid: datetime | None = None
) -> ShopOrder:
    return ShopOrder(
        id=n,
        number=f"A-{10000 + n}",
        token=f"token-{n}",
        chat_id=chat_id,
        wa_id=f"7900000000{chat_id}",
        status="paid" if paid else "awaiting_payment",
        goods_minor=int(Decimal(total) * 100),
        total_minor=int(Decimal(total) * 100),
        delivery_option="pickup",
        delivery_kind="pickup",
        delivery_title="Самовывоз",
        created_at=created,
        expires_at=created + DAY,
        paid_at=paid,
        cart_version=n,
    )


def outbox(
    n: int,
    *,
    accepted: datetime | None = None,
    failed: datetime | None = None,
    code: int | None = None,
) -> WaOutbox:
    at = accepted or failed or NOW
    return WaOutbox(
        id=n,
        key=f"k{n}",
        recipient="79000000001",
        kind="template",
        category="marketing",
        body="{}",
        state="failed" if failed else ("accepted" if accepted else "pending"),
        created_at=at,
        next_attempt_at=at,
        accepted_at=accepted,
        failed_at=failed,
        error_code=code,
    )


def nudge(n: int, chat_id: int, outbox_id: int, claimed: datetime) -> NudgeSend:
    return NudgeSend(
        id=n,
        cart_id=1,
        chat_id=chat_id,
        wa_id=f"7900000000{chat_id}",
        episode_at=claimed,
        step=1,
        template="cart_reminder",
        status="queued",
        outbox_id=outbox_id,
        cart_total_minor=100,
        claimed_at=claimed,
    )


def inbox(n: int, received: datetime, *, done: bool = False, error: str | None = None) -> WaInbox:
    return WaInbox(
        id=n,
        dedup_key=f"d{n}",
        kind="message",
        chat_key="79000000001",
        payload="{}",
        received_at=received,
        next_attempt_at=received,
        processed_at=received if done else None,
        last_error=error,
    )


def product(n: int, content: str, synced: str | None, error: str | None) -> CatalogProduct:
    return CatalogProduct(
        id=n,
        retailer_id=f"SKU-{n}",
        title=f"Товар {n}",
        price_amount=Decimal("100.00"),
        availability="in stock",
        condition="new",
        content_hash=content,
        synced_hash=synced,
        sync_error_hash=error,
        sync_error="refused" if error else None,
        created_at=NOW - 10 * DAY,
        updated_at=NOW - 10 * DAY,
    )


async def a_week(db: Database) -> None:
    """Orders: two today (one paid, 1 299,00), one three days ago (paid, 2 000,00), one
    placed ten days ago and paid today (500,00), one entirely ten days ago. Reminders: one
    today before the paid order of its chat, one two days ago with no order, one still in
    the outbox, one nine days ago. One chat waits for a person."""
    async with db.transaction() as session:
        session.add_all([chat(1), chat(2, waiting=NOW - timedelta(hours=1)), chat(3)])
        await session.flush()
        session.add(ShopCart(id=1, chat_id=1))
        waited = NOW - timedelta(hours=1)
        session.add(DeskChat(chat_id=2, state="waiting", waiting_since=waited, updated_at=waited))
        # Taken by an operator: no longer waiting.
        session.add(DeskChat(chat_id=3, state="assigned", assignee="olga", updated_at=NOW))
        await session.flush()
        session.add_all(
            [
                order(1, 1, TODAY, "1299.00", paid=TODAY + timedelta(minutes=5)),
                order(2, 2, TODAY + timedelta(hours=1), "700.00"),
                order(3, 3, NOW - 3 * DAY, "2000.00", paid=NOW - 3 * DAY),
                order(4, 3, NOW - 10 * DAY, "500.00", paid=TODAY),
                order(5, 3, NOW - 10 * DAY - timedelta(hours=1), "900.00", paid=NOW - 10 * DAY),
                outbox(1, accepted=TODAY - timedelta(hours=1)),
                outbox(2, accepted=NOW - 2 * DAY),
                outbox(3),
                outbox(4, accepted=NOW - 9 * DAY),
                outbox(5, failed=TODAY, code=190),
                outbox(6, failed=NOW - 3 * DAY, code=131026),
                inbox(1, NOW - timedelta(minutes=3)),
                inbox(2, NOW - timedelta(minutes=1), error="boom"),
                inbox(3, NOW - timedelta(minutes=30), done=True),
                WaDeadLetter(received_at=NOW - DAY, body_sha256="0" * 64, body="{}", error="bad"),
                product(1, "a", "a", None),
                product(2, "b", None, "b"),
                product(3, "c", None, None),
                WaPhoneQuality(phone="1", event="FLAGGED", updated_at=NOW - DAY),
                WaTemplate(
                    name="order_link",
                    language="ru",
                    category="UTILITY",
                    status="APPROVED",
                    updated_at=NOW,
                ),
                WaTemplate(
                    name="cart_reminder",
                    language="ru",
                    category="MARKETING",
                    status="PAUSED",
                    updated_at=NOW,
                ),
            ]
        )
        await session.flush()
        session.add_all(
            [
                nudge(1, 1, 1, TODAY - timedelta(hours=1)),
                nudge(2, 2, 2, NOW - 2 * DAY),
                nudge(3, 3, 3, NOW - timedelta(hours=2)),
                nudge(4, 3, 4, NOW - 9 * DAY),
            ]
        )
