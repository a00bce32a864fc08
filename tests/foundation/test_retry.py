"""The inboxes' retry policy: backoff, bounded attempts, and the columns of a failed try."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from shop.orders.notifications import RETRY as NOTIFICATIONS
from shop.retry import LAST_ERROR, RetryPolicy, backoff
from shop.whatsapp.inbox_worker import RETRY as MESSAGES

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    rng = random.Random(7)
    delays = [backoff(n, rng=rng) for n in range(1, 8)]
    for n, delay in enumerate(delays, start=1):
        ceiling = min(300.0, 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert backoff(30, rng=rng) <= 300.0
    assert len({backoff(3, rng=rng) for _ in range(10)}) > 1  # jittered


def test_a_failing_message_waits_seconds_and_is_given_up_after_five_tries() -> None:
    for n in range(1, 12):
        ceiling = min(30.0, 2 ** (n - 1))
        assert timedelta(seconds=ceiling / 2) <= MESSAGES.delay(n) <= timedelta(seconds=ceiling)
    assert [MESSAGES.gives_up(n) for n in range(1, 7)] == [False] * 4 + [True] * 2


def test_a_failing_notification_doubles_its_wait_without_jitter() -> None:
    assert [NOTIFICATIONS.delay(n) for n in range(1, 12)] == [
        timedelta(seconds=min(600, 2**n)) for n in range(1, 12)
    ]
    assert [NOTIFICATIONS.gives_up(n) for n in (7, 8)] == [False, True]


def test_a_failed_try_waits_its_delay_or_is_given_up() -> None:
    policy = RetryPolicy(3, cap=10.0, jitter=False)
    assert policy.failed(2, "RuntimeError: boom", NOW) == {
        "attempts": 2,
        "last_error": "RuntimeError: boom",
        "next_attempt_at": NOW + timedelta(seconds=2),
    }
    assert policy.failed(3, "RuntimeError: boom", NOW) == {
        "attempts": 3,
        "last_error": "RuntimeError: boom",
        "processed_at": NOW,
    }


def test_a_final_error_is_given_up_at_its_first_try_and_an_error_is_cut_to_its_column() -> None:
    given_up = RetryPolicy(8, cap=600.0).failed(1, "x" * 900, NOW, final=True)
    assert given_up == {"attempts": 1, "last_error": "x" * LAST_ERROR, "processed_at": NOW}
