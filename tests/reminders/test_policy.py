"""The nudge policy: steps, stop conditions, quiet hours, holidays, caps and templates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from shop.clock import FrozenClock
from shop.consent.rules import ConsentState
from shop.reminders.policy import Done, Due, ShopperView, Stop, TemplateView, Wait
from shop.reminders.reasons import MERCHANT_ALERTS, StopReason, WaitReason, label
from tests.reminders.builders import CONFIG, SHOPPER, TEMPLATES, VLADIVOSTOK, cart, decide, msk

CHANGED = msk(10, 12)  # a Wednesday noon in Moscow


def test_a_fresh_cart_waits_for_the_first_delay() -> None:
    assert decide(cart(CHANGED), CHANGED + timedelta(minutes=59)) == Wait(
        CHANGED + timedelta(hours=1), WaitReason.IDLE
    )


def test_the_first_step_is_due_once_the_cart_idled_an_hour() -> None:
    now = CHANGED + timedelta(hours=1)
    assert decide(cart(CHANGED), now) == Due(1, "cart_reminder", now, now, None)


def test_the_second_step_carries_its_own_template_and_promo_code() -> None:
    now = CHANGED + timedelta(hours=24, minutes=3)
    sent = cart(CHANGED, handled_steps=frozenset({1}), last_nudge_at=CHANGED + timedelta(hours=1))
    decision = decide(sent, now)
    assert decision == Due(2, "cart_reminder_promo", now, CHANGED + timedelta(hours=24), "SAVE10")


def test_after_every_step_the_cart_is_done() -> None:
    finished = cart(CHANGED, handled_steps=frozenset({1, 2}))
    assert decide(finished, CHANGED + timedelta(days=3)) == Done()


def test_a_cancelled_first_step_does_not_block_the_second() -> None:
    skipped = cart(CHANGED, handled_steps=frozenset({1}))
    now = CHANGED + timedelta(hours=24)
    assert isinstance(decide(skipped, now), Due)


def test_a_cart_change_after_a_reminder_restarts_the_idle_clock() -> None:
    changed_again = CHANGED + timedelta(hours=5)
    c = cart(
        changed_again, handled_steps=frozenset({1}), last_nudge_at=CHANGED + timedelta(hours=1)
    )
    assert decide(c, CHANGED + timedelta(hours=24)) == Wait(
        changed_again + timedelta(hours=24), WaitReason.IDLE
    )


def test_a_morning_catch_up_keeps_the_spacing_between_steps() -> None:
    # Steps 1 h and 2 h; both fall into the night, so step 1 goes at 09:00 and step 2 must
    # wait its 1 h spacing instead of following a second later.
    config = replace(
        CONFIG,
        steps=(replace(CONFIG.steps[0]), replace(CONFIG.steps[0], delay=timedelta(hours=2))),
    )
    evening = msk(10, 20, 30)
    morning = msk(11, 9)
    first = decide(cart(evening), morning, config=config)
    assert isinstance(first, Due)
    assert first.step == 1
    after = cart(evening, handled_steps=frozenset({1}), last_nudge_at=morning)
    assert decide(after, morning, config=config) == Wait(
        morning + timedelta(hours=1), WaitReason.IDLE
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"ordered": True}, StopReason.ORDERED),
        ({"item_count": 0}, StopReason.CART_EMPTY),
    ],
)
def test_the_cart_stops_when_it_is_ordered_or_emptied(
    change: dict[str, object], reason: StopReason
) -> None:
    decision = decide(cart(CHANGED, **change), CHANGED + timedelta(hours=1))
    assert decision == Stop(reason)
    assert isinstance(decision, Stop)
    assert decision.ends_cart


@pytest.mark.parametrize(
    ("shopper", "reason"),
    [
        (replace(SHOPPER, consent=ConsentState.WITHDRAWN), StopReason.OPTED_OUT),
        (replace(SHOPPER, consent=ConsentState.NONE), StopReason.NO_CONSENT),
        (replace(SHOPPER, with_operator=True), StopReason.WITH_OPERATOR),
        (replace(SHOPPER, last_inbound_at=CHANGED + timedelta(minutes=10)), StopReason.REPLIED),
    ],
)
def test_the_cart_stops_for_the_shopper(shopper: ShopperView, reason: StopReason) -> None:
    assert decide(cart(CHANGED), CHANGED + timedelta(hours=1), shopper=shopper) == Stop(reason)


def test_a_message_that_changed_the_cart_is_not_a_reply() -> None:
    shopper = replace(SHOPPER, last_inbound_at=CHANGED - timedelta(seconds=1))
    assert isinstance(decide(cart(CHANGED), CHANGED + timedelta(hours=1), shopper=shopper), Due)


def test_a_pending_step_is_cancelled_not_sent_late_after_a_stop() -> None:
    clock = FrozenClock(CHANGED)
    c = cart(CHANGED)
    clock.advance(timedelta(minutes=30))
    assert isinstance(decide(c, clock.now()), Wait)
    replied = replace(SHOPPER, last_inbound_at=clock.now())
    clock.advance(timedelta(hours=30))
    # The reply happened while waiting: nothing is sent, neither now nor for the next step.
    assert decide(c, clock.now(), shopper=replied) == Stop(StopReason.REPLIED)
    assert decide(c, clock.now() + timedelta(days=2), shopper=replied) == Stop(StopReason.REPLIED)


def test_switched_off_nudges_stop_the_cart() -> None:
    assert decide(cart(CHANGED), CHANGED + timedelta(hours=1), enabled=False) == Stop(
        StopReason.NUDGES_DISABLED
    )
    assert decide(cart(CHANGED), CHANGED + timedelta(hours=1), cap_30d=0) == Stop(
        StopReason.NUDGES_DISABLED
    )


# Quiet hours ------------------------------------------------------------------------------


def test_a_nudge_due_in_the_evening_waits_for_the_morning() -> None:
    changed = msk(10, 20, 30)
    now = changed + timedelta(hours=1)  # 21:30 Moscow
    assert decide(cart(changed), now) == Wait(msk(11, 9), WaitReason.QUIET_HOURS)
    assert isinstance(decide(cart(changed), msk(11, 9)), Due)


def test_quiet_hours_span_midnight() -> None:
    changed = msk(10, 23, 30)
    assert decide(cart(changed), msk(11, 0, 30)) == Wait(msk(11, 9), WaitReason.QUIET_HOURS)
    assert decide(cart(changed), msk(11, 8, 59)) == Wait(msk(11, 9), WaitReason.QUIET_HOURS)


def test_the_end_of_quiet_hours_is_allowed_and_the_start_is_not() -> None:
    assert isinstance(decide(cart(msk(10, 8)), msk(10, 9)), Due)
    assert decide(cart(msk(10, 20)), msk(10, 21)) == Wait(msk(11, 9), WaitReason.QUIET_HOURS)


def test_quiet_hours_follow_the_shopper_zone_when_known() -> None:
    # 12:00 in Moscow is 19:00 in Vladivostok: fine for Moscow; 15:00 Moscow is 22:00 there.
    far_east = replace(SHOPPER, zone=VLADIVOSTOK)
    assert isinstance(decide(cart(msk(10, 11)), msk(10, 12), shopper=far_east), Due)
    decision = decide(cart(msk(10, 14)), msk(10, 15), shopper=far_east)
    # 09:00 in Vladivostok on the 11th is 02:00 in Moscow, a moment Moscow itself would forbid.
    assert decision == Wait(msk(11, 2), WaitReason.QUIET_HOURS)
    assert isinstance(decide(cart(msk(10, 14)), msk(11, 2), shopper=far_east), Due)
    # A Moscow shopper at 02:00 would have to wait until 09:00, 18 h after the due time.
    assert decide(cart(msk(10, 14)), msk(11, 2)) == Stop(StopReason.LATE_QUIET_HOURS, 1)


def test_quiet_hours_that_do_not_cross_midnight() -> None:
    lunch = (time(13, 0), time(14, 0))
    assert decide(cart(msk(10, 12)), msk(10, 13), quiet_hours=lunch) == Wait(
        msk(10, 14), WaitReason.QUIET_HOURS
    )
    assert isinstance(decide(cart(msk(10, 21)), msk(10, 22), quiet_hours=lunch), Due)


def test_quiet_hours_off_allows_the_night() -> None:
    assert isinstance(decide(cart(msk(10, 2)), msk(10, 3), quiet_hours=None), Due)


def test_a_nudge_that_would_arrive_too_late_is_dropped() -> None:
    changed = msk(10, 20, 30)
    due = changed + timedelta(hours=1)
    # Lateness 6 h: the morning (11.5 h after due) is too late, so step 1 is cancelled.
    decision = decide(cart(changed), due, max_lateness=timedelta(hours=6))
    assert decision == Stop(StopReason.LATE_QUIET_HOURS, 1)
    assert isinstance(decision, Stop)
    assert not decision.ends_cart


def test_a_drop_is_decided_only_once_the_step_is_due() -> None:
    changed = msk(10, 20, 30)
    assert decide(cart(changed), changed, max_lateness=timedelta(hours=6)) == Wait(
        changed + timedelta(hours=1), WaitReason.IDLE
    )


def test_a_step_missed_while_the_worker_was_down_is_dropped_not_sent_late() -> None:
    changed = msk(10, 10)  # due at 11:00; the 12 h lateness ends at 23:00
    late = changed + timedelta(hours=13, seconds=1)
    assert decide(cart(changed), late, quiet_hours=None) == Stop(StopReason.MISSED, 1)
    on_time = changed + timedelta(hours=13)
    assert isinstance(decide(cart(changed), on_time, quiet_hours=None), Due)


def test_the_drop_boundary_is_exactly_the_lateness() -> None:
    changed = msk(10, 20)  # due 21:00, morning 09:00 = exactly 12 h later
    assert decide(cart(changed), msk(10, 21)) == Wait(msk(11, 9), WaitReason.QUIET_HOURS)
    tighter = timedelta(hours=12) - timedelta(seconds=1)
    assert decide(cart(changed), msk(10, 21), max_lateness=tighter) == Stop(
        StopReason.LATE_QUIET_HOURS, 1
    )


# Holidays --------------------------------------------------------------------------------


def test_no_nudges_on_a_holiday() -> None:
    holidays = frozenset({date(2027, 3, 8)})
    changed = msk(8, 10)
    # Due at 11:00 on the holiday; the next allowed moment is 09:00 on the 9th, 22 h late.
    assert decide(cart(changed), msk(8, 11), holidays=holidays) == Stop(StopReason.LATE_HOLIDAY, 1)
    relaxed = timedelta(days=1)
    assert decide(cart(changed), msk(8, 11), holidays=holidays, max_lateness=relaxed) == Wait(
        msk(9, 9), WaitReason.QUIET_HOURS
    )


def test_holidays_are_dates_in_the_shopper_zone() -> None:
    holidays = frozenset({date(2027, 3, 8)})
    far_east = replace(SHOPPER, zone=VLADIVOSTOK)
    # 7 March 19:00 Moscow is already 8 March 02:00 in Vladivostok.
    decision = decide(cart(msk(7, 18)), msk(7, 19), holidays=holidays, quiet_hours=None)
    assert isinstance(decision, Due)
    decision = decide(
        cart(msk(7, 18)),
        msk(7, 19),
        holidays=holidays,
        quiet_hours=None,
        shopper=far_east,
        max_lateness=timedelta(days=1),
    )
    assert decision == Wait(msk(8, 17), WaitReason.HOLIDAY)  # midnight of the 9th there


# Frequency cap ---------------------------------------------------------------------------


def test_the_cap_counts_marketing_from_every_campaign_in_30_days() -> None:
    now = CHANGED + timedelta(hours=1)
    history = tuple(now - timedelta(days=d) for d in (1, 5, 10, 29))
    decision = decide(cart(CHANGED), now, history=history)
    # The oldest send leaves the window in one day: too late for a 12 h lateness.
    assert decision == Stop(StopReason.LATE_FREQUENCY_CAP, 1)
    three = history[:3]
    assert isinstance(decide(cart(CHANGED), now, history=three), Due)


def test_the_cap_window_is_exactly_30_days() -> None:
    now = CHANGED + timedelta(hours=1)
    at_the_edge = (now - timedelta(days=30), *tuple(now - timedelta(days=d) for d in (1, 2, 3)))
    assert isinstance(decide(cart(CHANGED), now, history=at_the_edge), Due)
    inside = (now - timedelta(days=30) + timedelta(seconds=1), *at_the_edge[1:])
    assert decide(cart(CHANGED), now, history=inside) == Wait(
        now + timedelta(seconds=1), WaitReason.FREQUENCY_CAP
    )


def test_a_cap_that_frees_in_quiet_hours_waits_for_the_morning() -> None:
    now = msk(10, 13)
    oldest = msk(10, 22) - timedelta(days=30)  # frees at 22:00 tonight
    history = (oldest, *(now - timedelta(days=d) for d in (1, 2, 3)))
    relaxed = timedelta(days=1)
    assert decide(cart(msk(10, 12)), now, history=history, max_lateness=relaxed) == Wait(
        msk(11, 9), WaitReason.QUIET_HOURS
    )
    # With the default 12 h lateness the morning is 20 h after the due time: dropped.
    assert decide(cart(msk(10, 12)), now, history=history) == Stop(StopReason.LATE_QUIET_HOURS, 1)


def test_a_recent_131049_holds_marketing_for_24_hours() -> None:
    now = CHANGED + timedelta(hours=1)
    limited = replace(SHOPPER, marketing_limited_at=now - timedelta(hours=20))
    assert decide(cart(CHANGED), now, shopper=limited) == Wait(
        now + timedelta(hours=4), WaitReason.MARKETING_LIMIT
    )


# Templates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "category", "reason"),
    [
        ("PAUSED", "MARKETING", StopReason.TEMPLATE_PAUSED),
        ("DISABLED", "MARKETING", StopReason.TEMPLATE_DISABLED),
        ("PENDING", "MARKETING", StopReason.TEMPLATE_NOT_APPROVED),
        ("REJECTED", "MARKETING", StopReason.TEMPLATE_NOT_APPROVED),
        ("APPROVED", "UTILITY", StopReason.TEMPLATE_NOT_MARKETING),
    ],
)
def test_only_approved_marketing_templates_are_sent(
    status: str, category: str, reason: StopReason
) -> None:
    templates = dict(TEMPLATES)
    templates["cart_reminder"] = replace(
        templates["cart_reminder"], status=status, category=category
    )
    decision = decide(cart(CHANGED), CHANGED + timedelta(hours=1), templates=templates)
    assert decision == Stop(reason, 1)
    assert reason in MERCHANT_ALERTS
    assert label(reason, "en")
    assert label(reason, "ru") != label(reason, "en")


def test_a_paused_template_stops_only_its_step() -> None:
    templates = dict(TEMPLATES)
    templates["cart_reminder"] = replace(templates["cart_reminder"], status="PAUSED")
    now = CHANGED + timedelta(hours=1)
    assert decide(cart(CHANGED), now, templates=templates) == Stop(StopReason.TEMPLATE_PAUSED, 1)
    after = cart(CHANGED, handled_steps=frozenset({1}))
    assert isinstance(decide(after, CHANGED + timedelta(hours=24), templates=templates), Due)


def test_a_template_paused_while_waiting_is_judged_when_the_step_is_due() -> None:
    templates = dict(TEMPLATES)
    templates["cart_reminder"] = replace(templates["cart_reminder"], status="PAUSED")
    assert decide(cart(CHANGED), CHANGED, templates=templates) == Wait(
        CHANGED + timedelta(hours=1), WaitReason.IDLE
    )


@pytest.mark.parametrize(
    "parameters",
    [("customer_name",), ("customer_name", "cart_total", "promo_code"), ("1",), ("name", "total")],
)
def test_a_template_whose_parameters_do_not_match_is_refused(parameters: tuple[str, ...]) -> None:
    templates = {
        "cart_reminder": TemplateView("cart_reminder", "APPROVED", "MARKETING", parameters)
    }
    assert decide(cart(CHANGED), CHANGED + timedelta(hours=1), templates=templates) == Stop(
        StopReason.TEMPLATE_PARAMETERS, 1
    )


def test_a_missing_template_is_reported() -> None:
    assert decide(cart(CHANGED), CHANGED + timedelta(hours=1), templates={}) == Stop(
        StopReason.TEMPLATE_MISSING, 1
    )


def test_positional_parameters_match_by_count() -> None:
    templates = {
        "cart_reminder": TemplateView("cart_reminder", "approved", "marketing", ("1", "2"))
    }
    assert isinstance(decide(cart(CHANGED), CHANGED + timedelta(hours=1), templates=templates), Due)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        decide(cart(CHANGED), CHANGED.replace(tzinfo=None))


def test_every_reason_has_a_label_in_both_languages() -> None:
    for reason in [*StopReason, *WaitReason]:
        assert label(reason, "ru")
        assert label(reason, "en")


def test_quiet_hours_ending_in_a_repeated_hour_end_at_its_second_pass() -> None:
    # New York falls back on 7 Nov 2027: 01:00–02:00 happens twice. At the second 01:30 the
    # quiet period 22:00–01:45 ends at the second 01:45, not at the first one (in the past).
    new_york = ZoneInfo("America/New_York")
    now = datetime(2027, 11, 7, 6, 30, tzinfo=UTC)  # 01:30 EST
    config = replace(CONFIG, zone=new_york, quiet_hours=(time(22), time(1, 45)))
    decision = decide(cart(now - timedelta(hours=1)), now, config=config)
    assert decision == Wait(datetime(2027, 11, 7, 6, 45, tzinfo=UTC), WaitReason.QUIET_HOURS)


def test_a_cart_journey_in_time() -> None:
    """Abandoned at 20:30: step 1 waits for 09:00; step 2 keeps its 23 h spacing after step 1
    (08:00 the day after), which is quiet again, so it goes at 09:00."""
    clock = FrozenClock(msk(10, 20, 30))
    c = cart(clock.now())
    sends = []
    for _ in range(10):
        decision = decide(c, clock.now(), history=tuple(sends))
        if isinstance(decision, Done):
            break
        if isinstance(decision, Wait):
            clock.set(decision.until)
            continue
        assert isinstance(decision, Due)
        sends.append(clock.now())
        c = replace(c, handled_steps=c.handled_steps | {decision.step}, last_nudge_at=clock.now())
    assert sends == [msk(11, 9), msk(12, 9)]


def test_a_template_without_the_cart_and_opt_out_quick_replies_is_refused() -> None:
    one_button = replace(TEMPLATES["cart_reminder"], quick_replies=1)
    two_buttons = replace(TEMPLATES["cart_reminder"], quick_replies=2)
    now = CHANGED + timedelta(hours=1)
    assert decide(cart(CHANGED), now, templates={"cart_reminder": one_button}) == Stop(
        StopReason.TEMPLATE_BUTTONS, 1
    )
    assert isinstance(decide(cart(CHANGED), now, templates={"cart_reminder": two_buttons}), Due)
