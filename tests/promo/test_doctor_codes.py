"""`shop doctor` on the reminders' promo codes: a step's code must be one of the shop's, or
checkout will refuse what the reminder promised; the database's codes are read for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shop.doctor.probes import DatabaseBooks
from shop.doctor.reminder_codes import reminder_code_verdicts
from shop.promo import manage
from shop.reminders.config import NudgeStep
from shop.settings import Settings
from shop.storage.db import Database

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
STEPS = (
    NudgeStep(timedelta(hours=1), "cart_reminder"),
    NudgeStep(timedelta(hours=24), "cart_reminder_promo", "back10"),
    NudgeStep(timedelta(hours=48), "cart_reminder_promo", "GONE"),
)


def test_a_step_code_the_shop_lacks_fails_with_its_fix() -> None:
    verdicts = reminder_code_verdicts(STEPS, {"BACK10"}, locale="en")
    assert [(v.ok, v.line) for v in verdicts] == [
        (
            True,
            "The reminders' promo code back10 is one of the shop's: each shopper gets a "
            "one-time code of their own",
        ),
        (
            False,
            "The reminders' promo code GONE is not one of the shop's codes: checkout will "
            "refuse it",
        ),
    ]
    assert "/admin/promo-codes" in verdicts[1].fix
    assert reminder_code_verdicts(STEPS[:1], set(), locale="en") == []


async def test_the_books_read_the_merchants_codes_that_are_on(db: Database) -> None:
    async with db.transaction() as session:
        for code in ("BACK10", "OLD5"):
            await manage.create(
                session, manage.validated({"code": code, "kind": "percent", "percent": 5}), NOW
            )
        await manage.disable(session, "OLD5", NOW)
        await manage.one_time(
            session, wa_id="79001234567", percent=5, now=NOW, valid_for=timedelta(days=1)
        )
    books = DatabaseBooks(db, Settings(_env_file=None, database_url=db.url))  # type: ignore[call-arg]
    assert await books.promo_codes() == {"BACK10"}
