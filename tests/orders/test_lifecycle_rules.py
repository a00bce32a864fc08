"""Who may take which step of an order (`decide`, pure): staff by role, the shopper, the shop."""

from __future__ import annotations

import pytest

from shop.orders.events import SHOPPER, SYSTEM, Actor
from shop.orders.lifecycle import Ask, Facts, Refusal, choices, decide
from shop.orders.model import OrderStatus

S = OrderStatus
OWNER = Actor.staff("anna", "owner")
OPERATOR = Actor.staff("oleg", "operator")
ACCOUNTANT = Actor.staff("vera", "accountant")

STAFF_PATH = [
    (Facts(S.PAID, paid=True), S.CONFIRMED),
    (Facts(S.CONFIRMED, paid=True), S.ASSEMBLING),
    (Facts(S.ASSEMBLING, paid=True), S.SHIPPED),
    (Facts(S.ASSEMBLING, pickup=True, paid=True), S.READY_FOR_PICKUP),
    (Facts(S.SHIPPED, paid=True), S.DELIVERED),
    (Facts(S.READY_FOR_PICKUP, pickup=True, paid=True), S.DELIVERED),
    (Facts(S.DELIVERED, paid=True), S.CLOSED),
    (Facts(S.RETURN_REQUESTED), S.RETURNED),
]


@pytest.mark.parametrize(("facts", "target"), STAFF_PATH)
@pytest.mark.parametrize("actor", [OWNER, OPERATOR])
def test_owner_and_operator_move_an_order_along_its_path(
    facts: Facts, target: S, actor: Actor
) -> None:
    decision = decide(facts, Ask(target, actor))
    assert (decision.target, decision.refusal, decision.refund) == (target, None, False)


@pytest.mark.parametrize(("facts", "target"), STAFF_PATH[:-1])
def test_an_accountant_moves_nothing_but_a_return_with_its_refund(facts: Facts, target: S) -> None:
    assert decide(facts, Ask(target, ACCOUNTANT)).refusal is Refusal.FORBIDDEN
    asked = Facts(S.RETURN_REQUESTED, paid=True)
    assert decide(asked, Ask(S.RETURNED, ACCOUNTANT)).target is S.RETURNED


def test_accepting_the_return_of_a_paid_order_follows_the_refund_permission() -> None:
    asked = Facts(S.RETURN_REQUESTED, paid=True)
    assert decide(asked, Ask(S.RETURNED, OPERATOR)).refusal is Refusal.FORBIDDEN
    assert decide(Facts(S.RETURN_REQUESTED), Ask(S.RETURNED, OPERATOR)).target is S.RETURNED


def test_a_step_out_of_the_table_is_illegal_and_lists_what_is_allowed() -> None:
    decision = decide(Facts(S.PAID, paid=True), Ask(S.SHIPPED, OWNER))
    assert decision.refusal is Refusal.ILLEGAL
    assert decision.allowed == (S.CONFIRMED, S.CANCELED)


@pytest.mark.parametrize("target", [S.PAID, S.REFUNDED, S.PARTIALLY_REFUNDED, S.NEEDS_REVIEW])
def test_money_steps_are_never_taken_by_hand(target: S) -> None:
    facts = Facts(S.AWAITING_PAYMENT) if target is not S.REFUNDED else Facts(S.PAID, paid=True)
    assert decide(facts, Ask(target, OWNER)).refusal is Refusal.ILLEGAL


def test_a_pickup_order_waits_at_the_point_and_a_courier_order_is_shipped() -> None:
    pickup = Facts(S.ASSEMBLING, pickup=True, paid=True)
    courier = Facts(S.ASSEMBLING, paid=True)
    assert decide(pickup, Ask(S.SHIPPED, OWNER)).refusal is Refusal.ILLEGAL
    assert decide(courier, Ask(S.READY_FOR_PICKUP, OWNER)).refusal is Refusal.ILLEGAL
    assert choices(pickup, OWNER) == (S.READY_FOR_PICKUP, S.CANCELED)
    assert choices(courier, OWNER) == (S.SHIPPED, S.CANCELED)


def test_cancelling_a_paid_order_refunds_it_and_follows_the_refund_permission() -> None:
    paid = Facts(S.ASSEMBLING, paid=True)
    by_owner = decide(paid, Ask(S.CANCELED, OWNER, reason="нет в наличии"))
    assert (by_owner.target, by_owner.refund) == (S.CANCELED, True)
    by_operator = decide(paid, Ask(S.CANCELED, OPERATOR, reason="нет в наличии"))
    assert by_operator.refusal is Refusal.FORBIDDEN
    assert S.CANCELED not in choices(paid, OPERATOR)


def test_an_operator_cancels_an_order_that_holds_no_money() -> None:
    unpaid = Facts(S.AWAITING_PAYMENT)
    decision = decide(unpaid, Ask(S.CANCELED, OPERATOR, reason="покупатель передумал"))
    assert (decision.target, decision.refund) == (S.CANCELED, False)


def test_a_cancel_by_a_person_needs_a_reason_and_the_expiry_does_not() -> None:
    unpaid = Facts(S.AWAITING_PAYMENT)
    assert decide(unpaid, Ask(S.CANCELED, OWNER, reason="  ")).refusal is Refusal.REASON
    assert decide(unpaid, Ask(S.CANCELED, SYSTEM)).target is S.CANCELED


def test_declining_a_return_closes_the_order_with_a_reason() -> None:
    asked = Facts(S.RETURN_REQUESTED, paid=True)
    assert decide(asked, Ask(S.CLOSED, OWNER)).refusal is Refusal.REASON
    assert decide(asked, Ask(S.CLOSED, OWNER, reason="следы носки")).target is S.CLOSED


@pytest.mark.parametrize("status", [S.SHIPPED, S.DELIVERED, S.CLOSED])
def test_the_shopper_asks_for_a_return_once_the_goods_went_out(status: S) -> None:
    decision = decide(Facts(status, paid=True), Ask(S.RETURN_REQUESTED, SHOPPER, "не подошло"))
    assert decision.target is S.RETURN_REQUESTED


@pytest.mark.parametrize("status", [S.PAID, S.CONFIRMED, S.ASSEMBLING, S.RETURNED])
def test_the_shopper_cannot_ask_for_a_return_before_or_after(status: S) -> None:
    decision = decide(Facts(status, paid=True), Ask(S.RETURN_REQUESTED, SHOPPER, "не подошло"))
    assert decision.refusal is Refusal.ILLEGAL


def test_the_shopper_cannot_move_the_order_otherwise() -> None:
    decision = decide(Facts(S.SHIPPED, paid=True), Ask(S.DELIVERED, SHOPPER))
    assert decision.refusal is Refusal.FORBIDDEN


def test_pay_on_delivery_is_confirmed_by_the_shopper_not_by_staff() -> None:
    unpaid = Facts(S.AWAITING_PAYMENT)
    assert decide(unpaid, Ask(S.CONFIRMED, SHOPPER)).target is S.CONFIRMED
    assert decide(unpaid, Ask(S.CONFIRMED, OWNER)).refusal is Refusal.ILLEGAL
    assert S.CONFIRMED not in choices(unpaid, OWNER)
