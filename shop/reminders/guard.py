"""The channel guard: pause nudging when shoppers push back or the number's quality drops.

Why the defaults (see GuardThresholds):
- 0.5 % opt-outs and 0.1 % complaints are the ceilings the seed playbook sets for a healthy
  WhatsApp programme ("жалобы ≤ 0,1 %, отписки ≤ 0,5 %").
- A rate is judged only from 200 delivered nudges up. Below that a single opt-out is already
  ≥ 0.5 %, so the guard would trip on one person's mood; at 200 it takes two (1 %).
  The chance that a programme at half the threshold (0.25 %) shows ≥ 2 opt-outs in 200 is
  about 9 % (Poisson, λ = 0.5): a false alarm a merchant can tolerate, caught up quickly.
- Small shops may never reach 200 in the window, so an absolute backstop also pauses at
  5 opt-outs among fewer than 200 (≥ 2.5 %, five times the ceiling).
- The window is 7 days because Meta rates the number's quality over the past 7 days.
- YELLOW or RED quality pauses at once: Meta limits the number next, which would also stop
  order and payment messages, so marketing gives way first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from shop.reminders.config import GuardThresholds
from shop.texts import locale_of, t


class Quality(StrEnum):
    GREEN = "GREEN"
    YELLOW = "YELLOW"
    RED = "RED"
    UNKNOWN = "UNKNOWN"  # Meta's NA: not rated yet


_RATINGS = {
    "GREEN": Quality.GREEN,
    "HIGH": Quality.GREEN,
    "YELLOW": Quality.YELLOW,
    "MEDIUM": Quality.YELLOW,
    "RED": Quality.RED,
    "LOW": Quality.RED,
}


def parse_quality(text: str | None) -> Quality:
    """Meta's `quality_rating` (GREEN/YELLOW/RED, or HIGH/MEDIUM/LOW); NA and the rest: UNKNOWN."""
    return _RATINGS.get((text or "").strip().upper(), Quality.UNKNOWN)


# `phone_number_quality_update` carries an event, not the rating. FLAGGED is Meta's warning that
# quality is low; DOWNGRADE follows when it stayed low for 7 days and the limit was cut.
_EVENTS = {
    "FLAGGED": Quality.YELLOW,
    "DOWNGRADE": Quality.RED,
    "UNFLAGGED": Quality.GREEN,
    "UPGRADE": Quality.GREEN,
    "THROUGHPUT_UPGRADE": Quality.GREEN,
    "ONBOARDING": Quality.UNKNOWN,
}


def quality_from_event(event: str) -> Quality | None:
    """The rating a quality-update event implies; None for events that say nothing about it."""
    return _EVENTS.get(event.strip().upper())


class GuardReason(StrEnum):
    QUALITY_YELLOW = "quality_yellow"
    QUALITY_RED = "quality_red"
    OPT_OUT_RATE = "opt_out_rate"
    OPT_OUT_BACKSTOP = "opt_out_backstop"
    COMPLAINT_RATE = "complaint_rate"


@dataclass(frozen=True)
class GuardDecision:
    paused: bool
    reason: GuardReason | None
    delivered: int
    opt_outs: int
    complaints: int
    opt_out_rate: Decimal | None  # a fraction: 0.005 is 0.5 %
    complaint_rate: Decimal | None

    def message(self, lang: str = "ru") -> str:
        """Why reminders are paused, or that they go out (texts `reminders.guard.*`)."""
        key = "on" if self.reason is None else self.reason.value
        return t(f"reminders.guard.{key}", locale_of(lang))


def _recent(moments: Sequence[datetime], since: datetime) -> int:
    return sum(1 for moment in moments if moment > since)


def _rate(count: int, delivered: int) -> Decimal | None:
    return Decimal(count) / Decimal(delivered) if delivered else None


def channel_guard(
    *,
    delivered: Sequence[datetime],
    opt_outs: Sequence[datetime],
    complaints: Sequence[datetime],
    quality: Quality | None,
    thresholds: GuardThresholds,
    now: datetime,
) -> GuardDecision:
    """`opt_outs` and `complaints` are those attributed to delivered nudges, with their times."""
    since = now - thresholds.window
    sent, out, bad = _recent(delivered, since), _recent(opt_outs, since), _recent(complaints, since)
    out_rate, bad_rate = _rate(out, sent), _rate(bad, sent)
    judged = sent >= thresholds.min_delivered
    checks = (
        (quality is Quality.RED, GuardReason.QUALITY_RED),
        (quality is Quality.YELLOW, GuardReason.QUALITY_YELLOW),
        (
            judged and bad_rate is not None and bad_rate > thresholds.complaint_rate,
            GuardReason.COMPLAINT_RATE,
        ),
        (
            judged and out_rate is not None and out_rate > thresholds.opt_out_rate,
            GuardReason.OPT_OUT_RATE,
        ),
        (not judged and out >= thresholds.opt_out_backstop, GuardReason.OPT_OUT_BACKSTOP),
    )
    reason = next((r for hit, r in checks if hit), None)
    return GuardDecision(reason is not None, reason, sent, out, bad, out_rate, bad_rate)
