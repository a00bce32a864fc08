"""When undelivered order news is tried again, and when it is given up (pure).

The first tries come soon (a template approved a minute later, a shopper who writes back at
once), then further apart, at most a day; after `ATTEMPTS` tries, about five days after the
news, it is marked failed and the merchant's dashboard says so. A shopper writing again or
the `order_update` template being approved makes the news due at once, whatever the schedule.
"""

from __future__ import annotations

from datetime import datetime, timedelta

STEPS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),  # the cap: every later try waits this long
)
ATTEMPTS = 10
FAILED = "failed"  # the news row's state once its last try went nowhere


def wait_before(attempt: int) -> timedelta:
    """The wait before the `attempt`-th try (1 is the first after the news was recorded)."""
    return STEPS[min(max(attempt, 1), len(STEPS)) - 1]


def first_try(recorded_at: datetime) -> datetime:
    return recorded_at + wait_before(1)


def after_failure(tries: int, now: datetime) -> datetime | None:
    """When to try again after the `tries`-th try failed; None: that was the last one."""
    if tries >= ATTEMPTS:
        return None
    return now + wait_before(tries + 1)
