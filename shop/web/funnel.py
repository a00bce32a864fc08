"""The reminders funnel of a period, as its page and the API ask for it and show it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field

from shop.compose import Services
from shop.reminders.funnel import Funnel, Tally, build_funnel
from shop.reminders.outcomes import outcomes
from shop.web.validation import QueryModel, period


class FunnelQuery(QueryModel):
    """The funnel's local days: the last seven unless `since`/`until` say otherwise."""

    since: date | None = Field(default=None, description="first local day")
    until: date | None = Field(
        default=None, description="last local day (at most 366 days after since)"
    )

    def days(self, today: date) -> tuple[date, date]:
        return period(self.since or today - timedelta(6), self.until or today)


def day_bounds(since: date, until: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Whole local days, `since` to `until` inclusive, as [start, end)."""
    start = datetime.combine(since, time(0), zone)
    return start, datetime.combine(until + timedelta(days=1), time(0), zone)


async def read_funnel(services: Services, query: FunnelQuery) -> tuple[Funnel, date, date]:
    zone = services.settings.zone
    since, until = query.days(services.clock.now().astimezone(zone).date())
    start, end = day_bounds(since, until, zone)
    async with services.db.sessions() as session:
        found = await outcomes(session, start, end)
    return build_funnel(found, since=start, until=end, zone=zone), since, until


def tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "sent": tally.sent,
        "delivered": tally.delivered,
        "read": tally.read,
        "clicked": tally.clicked,
        "ordered": tally.ordered,
        "paid": tally.paid,
        "revenue": f"{tally.revenue:.2f}",
        "opt_outs": tally.opt_outs,
        "failures": tally.failures,
        "opt_outs_per_1000_delivered": _num(tally.opt_outs_per_1000),
        "failures_per_1000_delivered": _num(tally.failures_per_1000),
    }


def _num(value: object) -> str | None:
    return None if value is None else str(value)
