"""Support metrics from the transcript (`GET /api/metrics/support`): per group, per operator and
per day, the first response time (p50, p90), the average resolution time, first-contact
resolution, the share within the SLA goal, dialogs opened and closed, CSAT (average, answers,
the share of 4–5); and the share of dialogs the bot handled alone. The rules are pure
(`episodes`, `summarize`); `support_metrics` reads.

An episode runs from a handover to its close (or hand-back). Its first response is the first
message an operator (or the business app) sent after it; first-contact resolution is an
episode closed without a transfer. A rating rates the chat's last closed episode, once: the
close asked for it, and a later handover starts a new episode to rate.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
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
    score: int | None = None  # the shopper's CSAT answer after the close

    @property
    def frt(self) -> float | None:
        return None if self.first_response is None else _seconds(self.first_response - self.started)


def _seconds(delta: timedelta) -> float:
    return max(delta.total_seconds(), 0.0)


HIGH_SCORE = 4  # a rating of 4 or 5 counts as satisfied


@dataclass
class _Walk:
    """Episodes still open, those done, and each chat's last closed one (a rating's target)."""

    open_: dict[str, Episode] = field(default_factory=dict)
    done: list[Episode] = field(default_factory=list)
    rateable: dict[str, Episode] = field(default_factory=dict)
    scores: list[int] = field(default_factory=list)  # every rating read, rated episode or not


def _rated(walk: _Walk, wa_id: str, score: int) -> None:
    walk.scores.append(score)
    episode = walk.rateable.pop(wa_id, None)
    if episode is not None:
        episode.score = score


def _step(walk: _Walk, line: dict[str, Any]) -> None:
    wa_id, at, data = line["wa_id"], line["at"], line["data"]
    current = walk.open_.get(wa_id)
    kind = line["kind"]
    if line["direction"] == "in":
        if isinstance(score := data.get("csat"), int):
            _rated(walk, wa_id, score)
    elif line["direction"] == "event" and kind == "handover" and current is None:
        walk.rateable.pop(wa_id, None)
        walk.open_[wa_id] = Episode(wa_id, data.get("group"), at)
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
    elif kind == "regroup":  # its group was removed: the default group has it, no transfer
        current.group = data.get("group") or current.group
    elif kind in ("close", "handback", "menu"):
        current.closed = at if kind == "close" else None
        walk.done.append(walk.open_.pop(wa_id))
        if kind == "close":
            walk.rateable[wa_id] = current


def _walk(lines: Iterable[dict[str, Any]]) -> _Walk:
    walk = _Walk()
    for line in lines:
        _step(walk, line)
    return walk


def episodes(lines: Iterable[dict[str, Any]]) -> list[Episode]:
    """Lines in transcript order (`id`) → the episodes they hold (open ones included), each
    closed one with the rating the shopper gave it, if any."""
    walk = _walk(lines)
    return walk.done + list(walk.open_.values())


@dataclass(frozen=True)
class Csat:
    average: float | None
    answers: int
    high_share: float | None  # the share of 4 and 5


def csat_of(scores: list[int]) -> Csat:
    if not scores:
        return Csat(None, 0, None)
    high = sum(1 for s in scores if s >= HIGH_SCORE)
    return Csat(sum(scores) / len(scores), len(scores), high / len(scores))


@dataclass
class Figures:
    opened: int = 0
    closed: int = 0
    frt_p50: float | None = None
    frt_p90: float | None = None
    resolution_avg: float | None = None
    fcr: float | None = None
    sla_met: float | None = None
    csat: float | None = None
    csat_answers: int = 0
    csat_high_share: float | None = None


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
    rating = csat_of([e.score for e in items if e.score is not None])
    return Figures(
        opened=len(items),
        closed=len(closed),
        frt_p50=_percentile(responses, 50),
        frt_p90=_percentile(responses, 90),
        resolution_avg=sum(resolution) / len(resolution) if resolution else None,
        fcr=sum(1 for e in closed if e.transfers == 0) / len(closed) if closed else None,
        sla_met=len(met) / len(judged) if judged else None,
        csat=rating.average,
        csat_answers=rating.answers,
        csat_high_share=rating.high_share,
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
    # The desk's lines, and the shopper's taps that may carry a rating (a list row, a button).
    desk = or_(LINES.c.direction.in_(("event", "echo")), LINES.c.author.is_not(None))
    taps = and_(LINES.c.direction == "in", LINES.c.kind.in_(("list", "button")))
    query = select(LINES).where(in_period, or_(desk, taps)).order_by(LINES.c.id)
    rows = [
        {**dict(r._mapping), "data": json.loads(r.data or "{}"), "at": _aware(r.at)}
        for r in await run(session, query)
    ]
    walk = _walk(rows)
    found = walk.done + list(walk.open_.values())
    dialogs = select(func.count(func.distinct(LINES.c.wa_id))).where(
        in_period, LINES.c.direction == "in"
    )
    total = int((await run(session, dialogs)).scalar() or 0)
    handed = len({e.wa_id for e in found})
    # Overall: every rating given in the period, also one for a dialog handed over before it.
    rating = csat_of(walk.scores)
    return {
        "dialogs": total,
        "bot_closed_share": (total - handed) / total if total else None,
        "csat": rating.average,
        "csat_answers": rating.answers,
        "csat_high_share": rating.high_share,
        **summarize(found, groups, zone, now),
    }


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
