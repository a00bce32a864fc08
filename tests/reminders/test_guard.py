"""The channel guard: opt-out and complaint rates over 7 days, and the number's quality."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from shop.reminders.config import GuardThresholds
from shop.reminders.guard import (
    GuardReason,
    Quality,
    channel_guard,
    parse_quality,
    quality_from_event,
)

NOW = datetime(2027, 3, 10, 12, tzinfo=UTC)
DEFAULTS = GuardThresholds()
PAYLOADS = Path(__file__).resolve().parents[1] / "payloads" / "whatsapp"


def times(count: int, age: timedelta = timedelta(hours=1)) -> list[datetime]:
    return [NOW - age] * count


def test_a_healthy_channel_keeps_sending() -> None:
    decision = channel_guard(
        delivered=times(1000),
        opt_outs=times(5),
        complaints=times(1),
        quality=Quality.GREEN,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert not decision.paused
    assert decision.reason is None
    assert decision.opt_out_rate == Decimal("0.005")
    assert decision.message("en") == "Reminders are on"


def test_opt_outs_above_half_a_percent_pause_nudging() -> None:
    decision = channel_guard(
        delivered=times(1000),
        opt_outs=times(6),
        complaints=[],
        quality=Quality.GREEN,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert decision.paused
    assert decision.reason is GuardReason.OPT_OUT_RATE
    assert "отписок" in decision.message()


def test_the_rate_is_judged_only_from_the_minimum_sample() -> None:
    below = channel_guard(
        delivered=times(199),
        opt_outs=times(4),
        complaints=[],
        quality=None,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert not below.paused  # 2 % of a tiny sample: not yet evidence
    at = channel_guard(
        delivered=times(200),
        opt_outs=times(1),
        complaints=[],
        quality=None,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert not at.paused  # exactly 0.5 % is allowed
    two = channel_guard(
        delivered=times(200),
        opt_outs=times(2),
        complaints=[],
        quality=None,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert two.reason is GuardReason.OPT_OUT_RATE


def test_a_small_shop_is_still_protected_by_the_backstop() -> None:
    decision = channel_guard(
        delivered=times(40),
        opt_outs=times(5),
        complaints=[],
        quality=Quality.GREEN,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert decision.reason is GuardReason.OPT_OUT_BACKSTOP


def test_complaints_above_a_tenth_of_a_percent_pause_nudging() -> None:
    decision = channel_guard(
        delivered=times(1000),
        opt_outs=[],
        complaints=times(2),
        quality=Quality.GREEN,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert decision.reason is GuardReason.COMPLAINT_RATE
    one = channel_guard(
        delivered=times(1000),
        opt_outs=[],
        complaints=times(1),
        quality=Quality.GREEN,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert not one.paused


@pytest.mark.parametrize(
    ("quality", "reason"),
    [(Quality.YELLOW, GuardReason.QUALITY_YELLOW), (Quality.RED, GuardReason.QUALITY_RED)],
)
def test_a_yellow_or_red_number_pauses_at_once(quality: Quality, reason: GuardReason) -> None:
    decision = channel_guard(
        delivered=[], opt_outs=[], complaints=[], quality=quality, thresholds=DEFAULTS, now=NOW
    )
    assert decision.paused
    assert decision.reason is reason
    assert decision.opt_out_rate is None


@pytest.mark.parametrize("quality", [Quality.GREEN, Quality.UNKNOWN, None])
def test_green_or_unrated_quality_does_not_pause(quality: Quality | None) -> None:
    decision = channel_guard(
        delivered=[], opt_outs=[], complaints=[], quality=quality, thresholds=DEFAULTS, now=NOW
    )
    assert not decision.paused


def test_only_the_last_seven_days_count() -> None:
    old = timedelta(days=7)
    decision = channel_guard(
        delivered=times(1000),
        opt_outs=times(50, old),
        complaints=times(50, old),
        quality=Quality.GREEN,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert not decision.paused
    assert (decision.opt_outs, decision.complaints) == (0, 0)
    recent = channel_guard(
        delivered=times(1000),
        opt_outs=times(6, old - timedelta(seconds=1)),
        complaints=[],
        quality=Quality.GREEN,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert recent.reason is GuardReason.OPT_OUT_RATE


def test_merchant_thresholds_apply() -> None:
    strict = GuardThresholds(opt_out_rate=Decimal("0.001"), min_delivered=100)
    decision = channel_guard(
        delivered=times(100),
        opt_outs=times(1),
        complaints=[],
        quality=Quality.GREEN,
        thresholds=strict,
        now=NOW,
    )
    assert decision.reason is GuardReason.OPT_OUT_RATE


@pytest.mark.parametrize(
    ("text", "quality"),
    [
        ("GREEN", Quality.GREEN),
        ("yellow", Quality.YELLOW),
        ("RED", Quality.RED),
        ("MEDIUM", Quality.YELLOW),
        ("LOW", Quality.RED),
        ("NA", Quality.UNKNOWN),
        ("", Quality.UNKNOWN),
        (None, Quality.UNKNOWN),
    ],
)
def test_meta_quality_ratings_are_read(text: str | None, quality: Quality) -> None:
    assert parse_quality(text) is quality


def test_a_recorded_flagged_quality_update_pauses_nudging() -> None:
    payload = json.loads((PAYLOADS / "phone_number_quality_update.json").read_text("utf-8"))
    event = payload["entry"][0]["changes"][0]["value"]["event"]
    quality = quality_from_event(event)
    decision = channel_guard(
        delivered=times(1000),
        opt_outs=[],
        complaints=[],
        quality=quality,
        thresholds=DEFAULTS,
        now=NOW,
    )
    assert decision.paused
    assert decision.reason is GuardReason.QUALITY_YELLOW


@pytest.mark.parametrize(
    ("event", "quality"),
    [
        ("DOWNGRADE", Quality.RED),
        ("UNFLAGGED", Quality.GREEN),
        ("UPGRADE", Quality.GREEN),
        ("ONBOARDING", Quality.UNKNOWN),
        ("SOMETHING_NEW", None),
    ],
)
def test_quality_update_events_imply_a_rating(event: str, quality: Quality | None) -> None:
    assert quality_from_event(event) is quality
