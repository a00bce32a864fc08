"""Retries of the durable queues: exponential backoff, bounded attempts, then given up (pure)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# The width of an inbox's `last_error` column.
LAST_ERROR = 500


def ceiling(attempt: int, *, base: float = 1.0, cap: float = 300.0) -> float:
    """The longest wait after the `attempt`-th failure: base·2^(n-1) seconds, at most `cap`."""
    return min(cap, base * 2.0 ** max(0, attempt - 1))


def backoff(
    attempt: int, *, base: float = 1.0, cap: float = 300.0, rng: random.Random | None = None
) -> float:
    """Exponential backoff with full jitter: uniform in [base·2^(n-1)/2, base·2^(n-1)]."""
    top = ceiling(attempt, base=base, cap=cap)
    return (rng or random).uniform(top / 2, top)


@dataclass(frozen=True)
class RetryPolicy:
    """How often a failing item of an inbox is tried, and how long it waits in between:
    its `ceiling`, jittered down to half of it unless `jitter` is off."""

    max_attempts: int
    cap: float
    base: float = 1.0
    jitter: bool = True

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failure."""
        if self.jitter:
            return timedelta(seconds=backoff(attempts, base=self.base, cap=self.cap))
        return timedelta(seconds=ceiling(attempts, base=self.base, cap=self.cap))

    def gives_up(self, attempts: int) -> bool:
        return attempts >= self.max_attempts

    def failed(
        self, attempts: int, error: str, now: datetime, *, final: bool = False
    ) -> dict[str, Any]:
        """The inbox columns of an item whose `attempts`-th try failed with `error`: tried
        again after its delay, or given up after the last attempt (or at once, when the
        error is `final`: no retry can mend it) — processed, so nothing behind it waits,
        with its error kept for the merchant."""
        values: dict[str, Any] = {"attempts": attempts, "last_error": error[:LAST_ERROR]}
        if final or self.gives_up(attempts):
            values["processed_at"] = now
        else:
            values["next_attempt_at"] = now + self.delay(attempts)
        return values
