"""The dashboard's figures read from real rows (SQLite, and PostgreSQL with
TEST_DATABASE_URL): today and the last 7 days in the shop's zone, money exact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from shop.dashboard import queries
from shop.dashboard.banners import banners
from shop.dashboard.figures import NudgeResult, Pair, reminders, window
from shop.storage.db import Database
from tests.dashboard.rows import NOW, TODAY, a_week, inbox, outbox

MOSCOW = ZoneInfo("Europe/Moscow")
W = window(NOW, MOSCOW)


def test_today_starts_at_the_shops_midnight_and_the_week_six_days_before() -> None:
    assert (W.today, W.first_day) == (date(2026, 12, 4), date(2026, 11, 28))
    assert W.today_start == datetime(2026, 12, 3, 21, 0, tzinfo=UTC)
    assert W.week_start == datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
    # Just after local midnight it is already the next day there.
    late = window(datetime(2026, 12, 4, 21, 30, tzinfo=UTC), MOSCOW)
    assert late.today == date(2026, 12, 5)


async def test_sales_count_orders_placed_and_paid_and_the_payments_received(
    db: Database,
) -> None:
    await a_week(db)
    async with db.read_connection() as conn:
        found = await queries.sales(conn, W)
    assert found.placed == Pair(today=2, week=3)
    assert found.paid == Pair(today=1, week=2)
    # Paid today: 1 299,00 and the old order's 500,00; the week adds 2 000,00.
    assert found.revenue == {"RUB": Pair(today=179900, week=379900)}


async def test_reminders_sent_and_the_revenue_they_recovered(db: Database) -> None:
    await a_week(db)
    async with db.read_connection() as conn:
        found = reminders(await queries.nudge_results(conn, W), W)
    assert found.sent == Pair(today=1, week=2)  # one still in the outbox, one too old
    assert found.recovered == {"RUB": Pair(today=129900, week=129900)}


def test_an_order_after_two_reminders_is_recovered_once_in_the_period_of_the_last() -> None:
    first, second = TODAY - timedelta(days=2), TODAY - timedelta(hours=2)
    common = {"order_id": 9, "ordered_at": TODAY, "paid": True, "total_minor": 5000}
    rows = [
        NudgeResult(1, first, **common),
        NudgeResult(2, second, **common),
        NudgeResult(
            3, first - timedelta(days=1), order_id=8, ordered_at=TODAY, paid=True, total_minor=700
        ),  # ordered 8 days after it: not its result
        NudgeResult(3, first - timedelta(days=1), order_id=7, ordered_at=first, paid=False),
    ]
    found = reminders(rows, W)
    assert found.sent == Pair(today=1, week=3)
    assert found.recovered == {"RUB": Pair(today=5000, week=5000)}


async def test_chats_waiting_catalog_state_and_queues(db: Database) -> None:
    await a_week(db)
    async with db.read_connection() as conn:
        waiting = await queries.waiting(conn)
        catalog = await queries.catalog_state(conn)
        queues = await queries.queues(conn, W)
    assert (waiting.chats, waiting.oldest) == (1, NOW - timedelta(hours=1))
    assert (catalog.errors, catalog.pending) == (1, 1)
    assert (queues.backlog, queues.failing, queues.dead_letters) == (2, 1, 1)
    assert queues.oldest == NOW - timedelta(minutes=3)
    assert queues.failed_sends == Pair(today=1, week=2)


async def test_the_snapshot_reads_what_the_banners_need_from_the_rows(db: Database) -> None:
    await a_week(db)
    async with db.read_connection() as conn:
        found = await queries.snapshot(
            conn, now=NOW, sandbox=False, needed=("order_link", "cart_reminder")
        )
    assert found.latest_webhook == NOW - timedelta(minutes=1)
    assert found.latest_sent == TODAY - timedelta(hours=1)
    assert found.token_refused_at == TODAY  # after the last accepted send
    assert (found.quality_event, found.sync_errors) == ("FLAGGED", 1)
    assert found.templates[("cart_reminder", "ru")] == "PAUSED"
    assert [b.key for b in banners(found)] == ["token", "templates", "quality", "sync"]


async def test_an_empty_shop_has_zero_figures_and_no_banner_in_the_sandbox(db: Database) -> None:
    async with db.read_connection() as conn:
        sales = await queries.sales(conn, W)
        queues = await queries.queues(conn, W)
        snap = await queries.snapshot(conn, now=NOW, sandbox=True, needed=("order_link",))
    assert (sales.placed, sales.revenue) == (Pair(), {})
    assert (queues.backlog, queues.oldest, queues.dead_letters) == (0, None, 0)
    assert banners(snap) == []


async def test_a_message_accepted_with_no_webhook_after_it_raises_the_webhook_banner(
    db: Database,
) -> None:
    sent = NOW - timedelta(minutes=30)
    async with db.transaction() as session:
        session.add(inbox(1, NOW - timedelta(hours=3), done=True))
        session.add(outbox(1, accepted=sent))
    async with db.read_connection() as conn:
        found = await queries.snapshot(conn, now=NOW, sandbox=False, needed=())
    assert (found.latest_webhook, found.latest_sent) == (NOW - timedelta(hours=3), sent)
    [banner] = banners(found)
    assert banner.key == "webhook"
    assert "перестали приходить" in banner.message
    async with db.transaction() as session:  # Meta's status for it arrives
        session.add(inbox(2, sent + timedelta(seconds=3), done=True))
    async with db.read_connection() as conn:
        assert banners(await queries.snapshot(conn, now=NOW, sandbox=False, needed=())) == []
