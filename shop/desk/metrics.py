"""Support metrics from the transcript (`GET /api/metrics/support`): per group, per operator and
per day, the first response time (p50, p90), the average resolution time, first-contact
resolution, the share within the SLA goal, dialogs opened and closed; and the share of dialogs
the bot handled alone. The rules are pure (`episodes`, `summarize`); `support_metrics` reads.

An episode runs from a handover to its close (or hand-back). Its first response is the first
message an operator (or the business app) sent after it; first-contact resolution is an
episode closed without a transfer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from statistics import quantiles
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.desk.groups import Groups
from shop.desk.inbox import LINES
from shop.storage.sql import run


@dataclass
class Episode:
    wa_id: str
    group: str | None
    started: datetime
    operator: str | None = None
    first_response: datetime | None = None
    closed: datetime | None = None
    transfers: int = 0

    @property
    def frt(self) -> float | None:
        return None if self.first_response is None else _seconds(self.first_response - self.started)


def _seconds(delta: timedelta) -> float:
    return max(delta.total_seconds(), 0.0)


def _step(open_: dict[str, Episode], done: list[Episode], line: dict[str, Any]) -> None:
    wa_id, at, data = line["wa_id"], line["at"], line["data"]
    current = open_.get(wa_id)
    kind = line["kind"]
    if line["direction"] == "event" and kind == "handover" and current is None:
        open_[wa_id] = Episode(wa_id, data.get("group"), at)
    elif current is None:
        return
    elif line["direction"] in ("out", "echo") and current.first_response is None:
        current.first_response = at
        current.operator = current.operator or line["author"]
    elif kind == "take":
        current.operator = data.get("assignee") or current.operator
    elif kind == "transfer":
        current.transfers += 1
        current.group = data.get("group") or current.group
    elif kind in ("close", "handback", "menu"):
        current.closed = at if kind == "close" else None
        done.append(open_.pop(wa_id))


def episodes(lines: Iterable[dict[str, Any]]) -> list[Episode]:
    """Lines in transcript order (`id`) → the episodes they hold (open ones included)."""
    open_: dict[str, Episode] = {}
    done: list[Episode] = []
    for line in lines:
        _step(open_, done, line)
    return done + list(open_.values())


@dataclass
class Figures:
    opened: int = 0
    closed: int = 0
    frt_p50: float | None = None
    frt_p90: float | None = None
    resolution_avg: float | None = None
    fcr: float | None = None
    sla_met: float | None = None


def _percentile(values: list[float], at: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=100, method="inclusive")[at - 1]


def _figures(items: list[Episode], goal: dict[str | None, int], now: datetime) -> Figures:
    responses = sorted(e.frt for e in items if e.frt is not None)
    closed = [e for e in items if e.closed is not None]
    judged = [e for e in items if e.frt is not None or _seconds(now - e.started) > goal[e.group]]
    met = [e for e in judged if e.frt is not None and e.frt <= goal[e.group]]
    resolution = [_seconds(e.closed - e.started) for e in closed if e.closed is not None]
    return Figures(
        opened=len(items),
        closed=len(closed),
        frt_p50=_percentile(responses, 50),
        frt_p90=_percentile(responses, 90),
        resolution_avg=sum(resolution) / len(resolution) if resolution else None,
        fcr=sum(1 for e in closed if e.transfers == 0) / len(closed) if closed else None,
        sla_met=len(met) / len(judged) if judged else None,
    )


def summarize(
    found: list[Episode], groups: Groups, zone: tzinfo, now: datetime
) -> dict[str, dict[str, Figures]]:
    """Figures per group, per operator and per (local) day of the handover."""
    goal: dict[str | None, int] = defaultdict(lambda: groups.default.sla_seconds)
    goal.update({g.key: g.sla_seconds for g in groups.groups})
    keys: dict[str, Callable[[Episode], str]] = {
        "groups": lambda e: e.group or groups.default.key,
        "operators": lambda e: e.operator or "—",
        "days": lambda e: e.started.astimezone(zone).date().isoformat(),
    }
    result: dict[str, dict[str, Figures]] = {}
    for name, key in keys.items():
        buckets: dict[str, list[Episode]] = defaultdict(list)
        for item in found:
            buckets[key(item)].append(item)
        result[name] = {k: _figures(v, goal, now) for k, v in sorted(buckets.items())}
    return result


async def support_metrics(
    session: AsyncSession, since: date, until: date, zone: tzinfo, groups: Groups, now: datetime
) -> dict[str, Any]:
    """The figures of handovers made from `since` to `until` (local days, both included)."""
    start = datetime.combine(since, datetime.min.time(), zone)
    end = datetime.combine(until + timedelta(days=1), datetime.min.time(), zone)
    in_period = and_(LINES.c.at >= start, LINES.c.at < end)
    desk = or_(LINES.c.direction.in_(("event", "echo")), LINES.c.author.is_not(None))
    query = select(LINES).where(in_period, desk).order_by(LINES.c.id)
    rows = [
        {**dict(r._mapping), "data": json.loads(r.data or "{}"), "at": _aware(r.at)}
        for r in await run(session, query)
    ]
    found = episodes(rows)
    dialogs = select(func.count(func.distinct(LINES.c.wa_id))).where(
        in_period, LINES.c.direction == "in"
    )
    total = int((await run(session, dialogs)).scalar() or 0)
    handed = len({e.wa_id for e in found})
    rated = select(LINES.c.data).where(
        in_period, LINES.c.direction == "in", LINES.c.kind.in_(("list", "button"))
    )
    scores = [
        score
        for (data,) in await run(session, rated)
        if (score := json.loads(data or "{}").get("csat")) is not None
    ]
    return {
        "dialogs": total,
        "bot_closed_share": (total - handed) / total if total else None,
        "csat": sum(scores) / len(scores) if scores else None,
        "csat_answers": len(scores),
        **summarize(found, groups, zone, now),
    }


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
