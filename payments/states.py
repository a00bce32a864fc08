"""Payment and refund statuses with explicit transition tables: never backwards."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar


class PaymentStatus(StrEnum):
    PENDING = "pending"
    WAITING_FOR_CAPTURE = "waiting_for_capture"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"


class RefundStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"


class Outcome(StrEnum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


# Where each status may go next. Anything absent is refused: a status never goes backwards,
# and a final status (succeeded, canceled) goes nowhere.
PAYMENT_TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.PENDING: frozenset(
        {PaymentStatus.WAITING_FOR_CAPTURE, PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED}
    ),
    PaymentStatus.WAITING_FOR_CAPTURE: frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED}),
    PaymentStatus.SUCCEEDED: frozenset(),
    PaymentStatus.CANCELED: frozenset(),
}

REFUND_TRANSITIONS: dict[RefundStatus, frozenset[RefundStatus]] = {
    RefundStatus.PENDING: frozenset({RefundStatus.SUCCEEDED, RefundStatus.CANCELED}),
    RefundStatus.SUCCEEDED: frozenset(),
    RefundStatus.CANCELED: frozenset(),
}

FINAL_PAYMENT_STATUSES = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED})

S = TypeVar("S", PaymentStatus, RefundStatus)


@dataclass(frozen=True)
class Transition(Generic[S]):
    """What observing `observed` does to a record in status `previous`."""

    outcome: Outcome
    previous: S
    observed: S

    @property
    def status(self) -> S:
        """The status to keep: the observed one only when the move is allowed."""
        return self.observed if self.outcome is Outcome.CHANGED else self.previous

    @property
    def changed(self) -> bool:
        return self.outcome is Outcome.CHANGED


def apply(current: S, observed: S) -> Transition[S]:
    """Decide what an observed status (notification or re-read) does to the current one."""
    table: dict[S, frozenset[S]]
    if isinstance(current, PaymentStatus) and isinstance(observed, PaymentStatus):
        table = PAYMENT_TRANSITIONS
    elif isinstance(current, RefundStatus) and isinstance(observed, RefundStatus):
        table = REFUND_TRANSITIONS
    else:
        raise TypeError("current and observed must be statuses of the same kind")
    if observed == current:
        return Transition(Outcome.UNCHANGED, current, observed)
    if observed in table[current]:
        return Transition(Outcome.CHANGED, current, observed)
    return Transition(Outcome.REFUSED, current, observed)


def parse_payment_status(value: str) -> PaymentStatus | None:
    """A provider's status string, or None when it is one we do not know."""
    try:
        return PaymentStatus(value)
    except ValueError:
        return None


def parse_refund_status(value: str) -> RefundStatus | None:
    try:
        return RefundStatus(value)
    except ValueError:
        return None
