"""The nudge funnel: sent → delivered → read → clicked → ordered → paid, with exact revenue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

PER_MILLE_PLACES = Decimal("0.1")
STAGES = ("sent", "delivered", "read", "clicked", "ordered", "paid")  # texts reminders.stage.*


@dataclass(frozen=True)
class NudgeOutcome:
    """What became of one sent nudge; `revenue` is the paid order's total (0 if unpaid)."""

    step: int
    template: str
    sent_at: datetime
    delivered_at: datetime | None = None
    read_at: datetime | None = None
    clicked_at: datetime | None = None
    ordered_at: datetime | None = None
    paid_at: datetime | None = None
    opted_out_at: datetime | None = None
    failed_at: datetime | None = None
    revenue: Decimal = Decimal(0)


@dataclass
class Tally:
    """Counts for one slice. Statuses may arrive out of order, so a later stage implies the
    earlier ones: a read without a delivered status was delivered; a payment implies an order."""

    sent: int = 0
    delivered: int = 0
    read: int = 0
    clicked: int = 0
    ordered: int = 0
    paid: int = 0
    opt_outs: int = 0
    failures: int = 0
    revenue: Decimal = field(default_factory=Decimal)

    def add(self, o: NudgeOutcome) -> None:
        clicked = o.clicked_at is not None
        read = clicked or o.read_at is not None
        delivered = read or o.delivered_at is not None
        paid = o.paid_at is not None
        self.sent += 1
        self.delivered += delivered
        self.read += read
        self.clicked += clicked
        self.ordered += paid or o.ordered_at is not None
        self.paid += paid
        self.opt_outs += o.opted_out_at is not None
        self.failures += o.failed_at is not None and not delivered
        if paid:
            self.revenue += o.revenue

    def per_mille(self, count: int) -> Decimal | None:
        """Per 1,000 delivered, to one decimal; None when nothing was delivered."""
        if not self.delivered:
            return None
        value = Decimal(count) * 1000 / Decimal(self.delivered)
        return value.quantize(PER_MILLE_PLACES, rounding=ROUND_HALF_UP)

    @property
    def opt_outs_per_1000(self) -> Decimal | None:
        return self.per_mille(self.opt_outs)

    @property
    def failures_per_1000(self) -> Decimal | None:
        return self.per_mille(self.failures)

    def stages(self) -> list[tuple[str, int]]:
        return [(name, int(getattr(self, name))) for name in STAGES]


@dataclass(frozen=True)
class FunnelRow:
    step: int
    template: str
    tally: Tally


@dataclass(frozen=True)
class DayRow:
    day: date
    tally: Tally


@dataclass(frozen=True)
class Funnel:
    since: datetime
    until: datetime
    rows: list[FunnelRow]
    days: list[DayRow]
    total: Tally


def _days(since: datetime, until: datetime, zone: ZoneInfo) -> list[date]:
    first = since.astimezone(zone).date()
    last = (until - timedelta(microseconds=1)).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def build_funnel(
    outcomes: Iterable[NudgeOutcome], *, since: datetime, until: datetime, zone: ZoneInfo
) -> Funnel:
    """Nudges sent in [since, until), per (step, template) and per local day of sending.

    Everything is counted by the day the nudge was sent (a cohort), so a day's revenue is
    what that day's reminders recovered, whenever the shopper paid.
    """
    if until <= since:
        raise ValueError("the period must end after it starts")
    by_key: dict[tuple[int, str], Tally] = {}
    by_day = {day: Tally() for day in _days(since, until, zone)}
    total = Tally()
    for outcome in outcomes:
        if not since <= outcome.sent_at < until:
            continue
        by_key.setdefault((outcome.step, outcome.template), Tally()).add(outcome)
        by_day[outcome.sent_at.astimezone(zone).date()].add(outcome)
        total.add(outcome)
    rows = [FunnelRow(step, name, tally) for (step, name), tally in sorted(by_key.items())]
    days = [DayRow(day, tally) for day, tally in by_day.items()]
    return Funnel(since, until, rows, days, total)
