"""The dashboard's figures as values, and the reminders' attribution (pure).

Two periods in the shop's time zone: today (since local midnight) and 7 days (today and the
six days before). `sections.py` says how they read on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

WEEK_DAYS = 7
# An order this soon after a reminder is counted as the reminder's result (as the funnel does).
ATTRIBUTION = timedelta(days=7)


@dataclass(frozen=True)
class Window:
    """Today and the 7 days, as local days and as the UTC moments they start."""

    now: datetime
    first_day: date  # the first of the 7 days
    today: date
    week_start: datetime
    today_start: datetime


def window(now: datetime, zone: tzinfo) -> Window:
    today = now.astimezone(zone).date()
    first = today - timedelta(days=WEEK_DAYS - 1)

    def start(day: date) -> datetime:
        return datetime.combine(day, time(), zone).astimezone(UTC)

    return Window(now, first, today, start(first), start(today))


@dataclass(frozen=True)
class Pair:
    """A figure for today and for the 7 days."""

    today: int = 0
    week: int = 0

    def __add__(self, other: Pair) -> Pair:
        return Pair(self.today + other.today, self.week + other.week)


@dataclass(frozen=True)
class Sales:
    placed: Pair = Pair()
    paid: Pair = Pair()  # of the orders placed in the period, those paid
    revenue: Mapping[str, Pair] = field(default_factory=dict)  # currency → minor units paid
    discounts: Mapping[str, Pair] = field(default_factory=dict)  # promo codes' of those paid


@dataclass(frozen=True)
class NudgeResult:
    """One reminder Meta accepted, and the first order its chat placed afterwards, if any."""

    nudge_id: int
    sent_at: datetime
    order_id: int | None = None
    ordered_at: datetime | None = None
    paid: bool = False
    total_minor: int = 0
    currency: str = "RUB"


@dataclass(frozen=True)
class Reminders:
    sent: Pair = Pair()
    recovered: Mapping[str, Pair] = field(default_factory=dict)  # currency → minor units


def first_orders(rows: Iterable[NudgeResult]) -> list[NudgeResult]:
    """One result per reminder: with the earliest of the orders its chat placed after it."""
    first: dict[int, NudgeResult] = {}
    for r in rows:
        kept = first.get(r.nudge_id)
        if kept is None or (
            r.ordered_at is not None and (kept.ordered_at is None or r.ordered_at < kept.ordered_at)
        ):
            first[r.nudge_id] = r
    return sorted(first.values(), key=lambda r: (r.sent_at, r.nudge_id))


def reminders(rows: Iterable[NudgeResult], w: Window) -> Reminders:
    """Reminders sent in each period and the paid orders they brought within 7 days (`rows`:
    a reminder with each order its chat placed after it, or alone). An order is counted once
    however many reminders preceded it, in the period of the last one (the reminder the
    shopper came back from)."""
    sent_today = sent_week = 0
    credited: dict[int, tuple[bool, int, str]] = {}  # order → (today's?, total, currency)
    for r in first_orders(rows):
        today = r.sent_at >= w.today_start
        sent_today += today
        sent_week += 1
        ordered = r.ordered_at is not None and r.ordered_at < r.sent_at + ATTRIBUTION
        if ordered and r.paid and r.order_id is not None:
            credited[r.order_id] = (today, r.total_minor, r.currency)  # a later one wins
    recovered: dict[str, Pair] = {}
    for today, total, currency in credited.values():
        recovered[currency] = recovered.get(currency, Pair()) + Pair(total if today else 0, total)
    return Reminders(Pair(sent_today, sent_week), recovered)


@dataclass(frozen=True)
class Waiting:
    chats: int = 0
    oldest: datetime | None = None


@dataclass(frozen=True)
class CatalogState:
    errors: int = 0
    pending: int = 0


@dataclass(frozen=True)
class Queues:
    backlog: int = 0
    oldest: datetime | None = None
    failing: int = 0
    dead_letters: int = 0
    failed_sends: Pair = Pair()
