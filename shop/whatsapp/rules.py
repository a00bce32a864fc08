"""Pure channel rules: the 24-hour window, pair pacing, retry classification, status merging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

WINDOW = timedelta(hours=24)
# Meta: ~1 message per 6 s to one user sustained; short bursts borrow from later quota.
PAIR_INTERVAL_S = 6.0
PAIR_BURST = 10.0
MAX_ATTEMPTS = 8
WINDOW_CLOSED_CODE = 131047

TRANSIENT_CODES = frozenset({130429, 131056, 131016, 131000, 131057, 135000, 1, 2, 4, 80007})
PERMANENT_CODES = frozenset({100, 131026, 131050, 131047, 131049, 131051, 131021, 131009, 131008})


def window_open(last_inbound: datetime | None, closed_at: datetime | None, now: datetime) -> bool:
    """Free-form sends need an inbound message in the last 24 h not followed by a 131047."""
    if last_inbound is None or now - last_inbound >= WINDOW:
        return False
    return closed_at is None or closed_at < last_inbound


def take_pair_token(
    tokens: float, refilled_at: datetime | None, now: datetime, burst: float = PAIR_BURST
) -> tuple[bool, float, float]:
    """Spend one token of the recipient's bucket: (allowed, tokens left, seconds to wait)."""
    if refilled_at is None:
        tokens = burst
    else:
        elapsed = max(0.0, (now - refilled_at).total_seconds())
        tokens = min(burst, tokens + elapsed / PAIR_INTERVAL_S)
    if tokens >= 1.0:
        return True, tokens - 1.0, 0.0
    return False, tokens, (1.0 - tokens) * PAIR_INTERVAL_S


class Verdict(StrEnum):
    RETRY = "retry"
    FAIL = "fail"


def classify(code: int | None, http_status: int | None) -> Verdict:
    """Retry throttling, server faults and timeouts; fail on anything that would fail again."""
    if code is None:  # no Meta error body: a timeout, a connection error or a bare 5xx
        return Verdict.RETRY if http_status is None or http_status >= 500 else Verdict.FAIL
    if code in TRANSIENT_CODES:
        return Verdict.RETRY
    if code in PERMANENT_CODES or 132000 <= code < 133000:
        return Verdict.FAIL
    return Verdict.RETRY if http_status is not None and http_status >= 500 else Verdict.FAIL


class Delivery(StrEnum):
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


_RANK = {Delivery.SENT: 1, Delivery.DELIVERED: 2, Delivery.READ: 3, Delivery.FAILED: 4}
_STEPS = (Delivery.SENT, Delivery.DELIVERED, Delivery.READ)


@dataclass(frozen=True)
class DeliveryState:
    """What statuses told us so far; `merge` is commutative so arrival order does not matter."""

    delivery: Delivery | None = None
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    read_at: datetime | None = None
    failed_at: datetime | None = None
    error_code: int | None = None
    error_title: str | None = None

    def merge(
        self, status: Delivery, at: datetime, code: int | None = None, title: str | None = None
    ) -> DeliveryState:
        current = self.delivery
        best = status if current is None or _RANK[status] > _RANK[current] else current
        changes: dict[str, object] = {"delivery": best}
        if status is Delivery.FAILED:
            # The earliest failure wins (ties by code), whatever order they arrive in.
            if self.failed_at is None or (at, code or 0) < (self.failed_at, self.error_code or 0):
                changes.update(failed_at=at, error_code=code, error_title=title)
        else:
            # `read` implies `delivered` and `sent`: each step is at the latest by this time.
            for step in _STEPS[: _STEPS.index(status) + 1]:
                name = f"{step.value}_at"
                changes[name] = _earliest(getattr(self, name), at)
        return DeliveryState(**{**self.__dict__, **changes})


def _earliest(a: datetime | None, b: datetime) -> datetime:
    return b if a is None or b < a else a
