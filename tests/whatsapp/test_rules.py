"""Pure rules: the window, pair pacing, retry classification and status merging."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.whatsapp.rules import (
    PAIR_BURST,
    PAIR_INTERVAL_S,
    Delivery,
    DeliveryState,
    Verdict,
    classify,
    take_pair_token,
    window_open,
)

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_the_window_is_open_for_24_hours_after_the_last_inbound_message() -> None:
    assert window_open(T0, None, T0 + timedelta(hours=23, minutes=59))
    assert not window_open(T0, None, T0 + timedelta(hours=24))
    assert not window_open(None, None, T0)


def test_a_131047_closes_the_window_until_the_shopper_writes_again() -> None:
    closed = T0 + timedelta(hours=1)
    assert not window_open(T0, closed, T0 + timedelta(hours=2))
    assert window_open(T0 + timedelta(hours=3), closed, T0 + timedelta(hours=4))


def test_pair_pacing_allows_a_burst_then_one_message_per_interval() -> None:
    tokens, at = 0.0, None
    sent = 0
    for _ in range(int(PAIR_BURST) + 5):
        allowed, tokens, wait = take_pair_token(tokens, at, T0)
        at = T0
        sent += allowed
    assert sent == int(PAIR_BURST)
    allowed, tokens, wait = take_pair_token(tokens, T0, T0)
    assert not allowed
    assert wait == pytest.approx(PAIR_INTERVAL_S)
    allowed, _, _ = take_pair_token(tokens, T0, T0 + timedelta(seconds=PAIR_INTERVAL_S))
    assert allowed


@pytest.mark.parametrize(
    ("code", "status", "verdict"),
    [
        (130429, 429, Verdict.RETRY),
        (131056, 400, Verdict.RETRY),
        (None, 500, Verdict.RETRY),
        (None, 503, Verdict.RETRY),
        (None, None, Verdict.RETRY),  # timeout or broken connection
        (131000, 500, Verdict.RETRY),
        (131026, 400, Verdict.FAIL),
        (131050, 400, Verdict.FAIL),
        (132000, 400, Verdict.FAIL),
        (132015, 400, Verdict.FAIL),
        (100, 400, Verdict.FAIL),
        (190, 401, Verdict.FAIL),
        (None, 400, Verdict.FAIL),
    ],
)
def test_transient_errors_are_retried_and_permanent_ones_are_not(
    code: int | None, status: int | None, verdict: Verdict
) -> None:
    assert classify(code, status) is verdict


EVENTS = [
    (Delivery.SENT, T0),
    (Delivery.DELIVERED, T0 + timedelta(seconds=1)),
    (Delivery.READ, T0 + timedelta(seconds=5)),
]


def _fold(events: list[tuple[Delivery, datetime]]) -> DeliveryState:
    state = DeliveryState()
    for status, at in events:
        state = state.merge(status, at)
    return state


def test_statuses_in_any_order_give_the_same_final_state() -> None:
    finals = {_fold(list(order)) for order in itertools.permutations(EVENTS)}
    assert len(finals) == 1
    (final,) = finals
    assert final.delivery is Delivery.READ
    assert (final.sent_at, final.delivered_at, final.read_at) == (
        T0,
        T0 + timedelta(seconds=1),
        T0 + timedelta(seconds=5),
    )


def test_read_without_delivered_implies_delivered_and_sent() -> None:
    state = DeliveryState().merge(Delivery.READ, T0)
    assert state.delivery is Delivery.READ
    assert state.delivered_at == T0
    assert state.sent_at == T0


def test_failed_is_terminal_and_keeps_its_code_and_title() -> None:
    state = DeliveryState().merge(Delivery.FAILED, T0, 131026, "Message Undeliverable")
    state = state.merge(Delivery.DELIVERED, T0 + timedelta(seconds=1))
    assert state.delivery is Delivery.FAILED
    assert (state.error_code, state.error_title) == (131026, "Message Undeliverable")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Delivery)),
            st.integers(min_value=0, max_value=100),
            st.sampled_from([131026, 131047, 131050]),
        ),
        min_size=1,
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
def test_merging_is_order_free_for_any_sequence_of_statuses(
    events: list[tuple[Delivery, int, int]], rng: random.Random
) -> None:
    def fold(items: list[tuple[Delivery, int, int]]) -> DeliveryState:
        state = DeliveryState()
        for status, offset, code in items:
            state = state.merge(status, T0 + timedelta(seconds=offset), code, str(code))
        return state

    shuffled = list(events)
    rng.shuffle(shuffled)
    assert fold(events) == fold(shuffled)
