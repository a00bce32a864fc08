"""Payment and refund state machines: every pair of statuses has exactly one verdict."""

from __future__ import annotations

import itertools

import pytest

from payments.states import (
    Outcome,
    PaymentStatus,
    RefundStatus,
    apply,
    parse_payment_status,
    parse_refund_status,
)

P = PaymentStatus
ALLOWED = {
    (P.PENDING, P.WAITING_FOR_CAPTURE),
    (P.PENDING, P.SUCCEEDED),
    (P.PENDING, P.CANCELED),
    (P.WAITING_FOR_CAPTURE, P.SUCCEEDED),
    (P.WAITING_FOR_CAPTURE, P.CANCELED),
}


@pytest.mark.parametrize(("current", "observed"), list(itertools.product(P, P)))
def test_payment_transition_table(current: PaymentStatus, observed: PaymentStatus) -> None:
    transition = apply(current, observed)
    if current == observed:
        assert transition.outcome is Outcome.UNCHANGED
        assert transition.status is current
    elif (current, observed) in ALLOWED:
        assert transition.outcome is Outcome.CHANGED
        assert transition.status is observed
        assert transition.changed
    else:
        assert transition.outcome is Outcome.REFUSED
        assert transition.status is current


def test_a_succeeded_payment_is_never_downgraded_by_a_late_pending() -> None:
    assert apply(P.SUCCEEDED, P.PENDING).outcome is Outcome.REFUSED
    assert apply(P.SUCCEEDED, P.WAITING_FOR_CAPTURE).outcome is Outcome.REFUSED
    assert apply(P.SUCCEEDED, P.CANCELED).outcome is Outcome.REFUSED


def test_out_of_order_notifications_end_in_the_furthest_status() -> None:
    status = P.PENDING
    for observed in (P.SUCCEEDED, P.WAITING_FOR_CAPTURE, P.PENDING, P.SUCCEEDED):
        status = apply(status, observed).status
    assert status is P.SUCCEEDED


@pytest.mark.parametrize(
    ("current", "observed", "outcome"),
    [
        (RefundStatus.PENDING, RefundStatus.SUCCEEDED, Outcome.CHANGED),
        (RefundStatus.PENDING, RefundStatus.CANCELED, Outcome.CHANGED),
        (RefundStatus.SUCCEEDED, RefundStatus.SUCCEEDED, Outcome.UNCHANGED),
        (RefundStatus.SUCCEEDED, RefundStatus.PENDING, Outcome.REFUSED),
        (RefundStatus.CANCELED, RefundStatus.SUCCEEDED, Outcome.REFUSED),
    ],
)
def test_refund_transitions(
    current: RefundStatus, observed: RefundStatus, outcome: Outcome
) -> None:
    assert apply(current, observed).outcome is outcome


def test_mixing_payment_and_refund_statuses_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        apply(P.PENDING, RefundStatus.SUCCEEDED)  # type: ignore[type-var]


def test_unknown_provider_statuses_parse_to_none() -> None:
    assert parse_payment_status("succeeded") is P.SUCCEEDED
    assert parse_payment_status("processing") is None
    assert parse_refund_status("canceled") is RefundStatus.CANCELED
    assert parse_refund_status("") is None
