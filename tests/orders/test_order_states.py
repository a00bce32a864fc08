"""The order's transition table: every allowed step, every refused one, and its shape."""

from __future__ import annotations

import pytest

from shop.orders.model import (
    BEFORE_SHIPPING,
    TRANSITIONS,
    WITH_SHOPPER,
    OrderStatus,
    OrderTransitionError,
    allowed,
    move,
)
from shop.texts import t

S = OrderStatus
ALLOWED = {(a, b) for a, nexts in TRANSITIONS.items() for b in nexts}
REFUSED = {(a, b) for a in S for b in S} - ALLOWED

THE_PATH = [
    (S.AWAITING_PAYMENT, S.PAID),
    (S.PAID, S.CONFIRMED),
    (S.CONFIRMED, S.ASSEMBLING),
    (S.ASSEMBLING, S.SHIPPED),
    (S.ASSEMBLING, S.READY_FOR_PICKUP),
    (S.SHIPPED, S.DELIVERED),
    (S.READY_FOR_PICKUP, S.DELIVERED),
    (S.DELIVERED, S.CLOSED),
    (S.DELIVERED, S.RETURN_REQUESTED),
    (S.RETURN_REQUESTED, S.RETURNED),
    (S.AWAITING_PAYMENT, S.CONFIRMED),  # pay on delivery
]


@pytest.mark.parametrize(("current", "following"), sorted(ALLOWED))
def test_every_allowed_step_moves(current: S, following: S) -> None:
    assert move(current, following) is following


@pytest.mark.parametrize(("current", "following"), sorted(REFUSED))
def test_every_other_step_is_refused(current: S, following: S) -> None:
    with pytest.raises(OrderTransitionError):
        move(current, following)


@pytest.mark.parametrize(("current", "following"), THE_PATH)
def test_the_issue_path_is_in_the_table(current: S, following: S) -> None:
    assert following in TRANSITIONS[current]


def test_cancel_is_only_reachable_before_the_goods_leave() -> None:
    assert {
        S.AWAITING_PAYMENT,
        S.NEEDS_REVIEW,
        S.PAID,
        S.PARTIALLY_REFUNDED,
        S.CONFIRMED,
        S.ASSEMBLING,
        S.READY_FOR_PICKUP,
    } == BEFORE_SHIPPING
    assert S.CANCELED not in TRANSITIONS[S.SHIPPED] | TRANSITIONS[S.DELIVERED]


def test_a_return_is_asked_for_only_once_the_goods_went_out() -> None:
    assert {S.SHIPPED, S.DELIVERED, S.CLOSED} == WITH_SHOPPER


def test_finished_orders_go_nowhere_and_a_canceled_one_only_to_review() -> None:
    assert allowed(S.RETURNED) == ()
    assert allowed(S.REFUNDED) == ()
    assert allowed(S.CANCELED) == (S.NEEDS_REVIEW,)


def test_allowed_lists_the_next_steps_in_the_path_order() -> None:
    assert allowed(S.CONFIRMED) == (
        S.ASSEMBLING,
        S.SHIPPED,
        S.READY_FOR_PICKUP,
        S.REFUNDED,
        S.CANCELED,
    )


@pytest.mark.parametrize("status", list(S))
def test_every_status_has_a_word_in_both_languages(status: S) -> None:
    for locale in ("ru", "en"):
        assert t(f"status.{status}", locale) not in ("", f"status.{status}")
