"""Properties of the nudge policy over generated carts, clocks, zones and histories."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from shop.reminders.config import NudgeConfig
from shop.reminders.policy import (
    CAP_WINDOW,
    CartView,
    Due,
    Stop,
    Wait,
    next_nudge,
    quiet_until,
)
from tests.reminders.builders import CONFIG, SHOPPER, TEMPLATES

ZONES = [
    ZoneInfo(z)
    for z in (
        "Europe/Moscow",
        "Asia/Vladivostok",
        "Europe/Kaliningrad",
        "Asia/Yekaterinburg",
        "America/New_York",
    )
]
START = datetime(2027, 1, 1, tzinfo=UTC)

moments = st.integers(min_value=0, max_value=365 * 24 * 60).map(
    lambda m: START + timedelta(minutes=m)
)
quiet = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 23), st.integers(0, 23))
    .filter(lambda p: p[0] != p[1])
    .map(lambda p: (time(p[0]), time(p[1]))),
)
holidays = st.frozensets(
    st.integers(0, 365).map(lambda d: date(2027, 1, 1) + timedelta(days=d)), max_size=10
)
configs = st.builds(
    lambda q, h, cap, late, zone: replace(
        CONFIG, quiet_hours=q, holidays=h, cap_30d=cap, max_lateness=late, zone=zone
    ),
    quiet,
    holidays,
    st.integers(1, 6),
    st.sampled_from([timedelta(hours=h) for h in (1, 6, 12, 24, 72)]),
    st.sampled_from(ZONES),
)
shopper_zones = st.one_of(st.none(), st.sampled_from(ZONES))


def _allowed(moment: datetime, config: NudgeConfig, zone: ZoneInfo) -> bool:
    return (
        quiet_until(moment, zone, config.quiet_hours) is None
        and moment.astimezone(zone).date() not in config.holidays
    )


@settings(max_examples=400, deadline=None)
@given(
    changed=moments,
    offset=st.integers(0, 5 * 24 * 60),
    config=configs,
    zone=shopper_zones,
    history=st.lists(moments, max_size=8),
    handled=st.frozensets(st.sampled_from([1, 2]), max_size=1),
)
def test_a_decision_never_breaks_the_rules(
    changed: datetime,
    offset: int,
    config: NudgeConfig,
    zone: ZoneInfo | None,
    history: list[datetime],
    handled: frozenset[int],
) -> None:
    now = changed + timedelta(minutes=offset)
    past = [h for h in history if h <= now]
    cart = CartView("c", 1, changed, handled_steps=handled)
    shopper = replace(SHOPPER, zone=zone)
    decision = next_nudge(cart, shopper, past, config, now, templates=TEMPLATES)
    local = zone or config.zone
    if isinstance(decision, Due):
        assert decision.send_at == now
        assert decision.due_at <= now <= decision.due_at + config.max_lateness
        assert _allowed(now, config, local)
        assert sum(1 for h in past if h > now - CAP_WINDOW) < config.cap_30d
    elif isinstance(decision, Wait):
        assert decision.until > now
    elif isinstance(decision, Stop):
        assert decision.step in handled ^ {1, 2} or decision.step is None


@settings(max_examples=150, deadline=None)
@given(
    config=configs,
    zone=shopper_zones,
    carts=st.lists(st.integers(0, 120 * 24 * 60), min_size=1, max_size=25),
)
def test_repeated_decisions_never_exceed_the_cap_in_any_30_days(
    config: NudgeConfig, zone: ZoneInfo | None, carts: list[int]
) -> None:
    """Many carts of one shopper, each driven by the policy until it is done."""
    shopper = replace(SHOPPER, zone=zone)
    starts = sorted(START + timedelta(minutes=m) for m in carts)
    active: dict[int, CartView] = {}
    wake: dict[int, datetime] = {}
    sends: list[datetime] = []
    pending = list(enumerate(starts))
    now = starts[0]
    for _ in range(2000):
        while pending and pending[0][1] <= now:
            n, start = pending.pop(0)
            active[n] = CartView(str(n), 1, start)
            wake[n] = now
        for n in [n for n, at in wake.items() if at <= now]:
            decision = next_nudge(active[n], shopper, sends, config, now, templates=TEMPLATES)
            cart = active[n]
            if isinstance(decision, Due):
                sends.append(now)
                active[n] = replace(
                    cart, handled_steps=cart.handled_steps | {decision.step}, last_nudge_at=now
                )
            elif isinstance(decision, Stop) and decision.step is not None:
                active[n] = replace(cart, handled_steps=cart.handled_steps | {decision.step})
            elif isinstance(decision, Wait):
                wake[n] = decision.until
                continue
            else:
                del active[n], wake[n]
                continue
            wake[n] = now
        upcoming = [*wake.values(), *(s for _, s in pending[:1])]
        if not upcoming:
            break
        now = max(now, min(upcoming))
    assert not active, "the simulation did not finish"
    assert not pending
    sends.sort()
    for first, later in zip(sends, sends[config.cap_30d :], strict=False):
        assert later - first >= CAP_WINDOW
    for sent in sends:
        assert _allowed(sent, config, zone or config.zone)


NEW_YORK = ZoneInfo("America/New_York")
DST_CHANGES = [datetime(2027, 3, 14, 7, tzinfo=UTC), datetime(2027, 11, 7, 6, tzinfo=UTC)]
quarter_hours = st.integers(0, 95).map(lambda q: time(q // 4, q % 4 * 15))


@settings(max_examples=400, deadline=None)
@given(
    change=st.sampled_from(DST_CHANGES),
    minutes=st.integers(-6 * 60, 6 * 60),
    idle=st.integers(60, 600),
    bounds=st.tuples(quarter_hours, quarter_hours).filter(lambda b: b[0] != b[1]),
)
def test_no_nudge_inside_quiet_hours_around_a_clock_change(
    change: datetime, minutes: int, idle: int, bounds: tuple[time, time]
) -> None:
    """Where a local hour is skipped or repeated, the quiet-hours end must still move forward."""
    now = change + timedelta(minutes=minutes)
    config = replace(CONFIG, zone=NEW_YORK, quiet_hours=bounds, max_lateness=timedelta(days=1))
    cart = CartView("c", 1, now - timedelta(minutes=idle))
    decision = next_nudge(cart, SHOPPER, [], config, now, templates=TEMPLATES)
    if isinstance(decision, Due):
        assert quiet_until(now, NEW_YORK, bounds) is None
    if isinstance(decision, Wait):
        assert decision.until > now
        assert quiet_until(decision.until, NEW_YORK, bounds) is None
