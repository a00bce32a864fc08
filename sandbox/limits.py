"""Meta's throughput ceiling (token bucket) and per-recipient pair rate (sliding window)."""

from __future__ import annotations

from collections import deque


class TokenBucket:
    """`rate` tokens per second, holding at most one second's worth."""

    def __init__(self, rate: float, now: float) -> None:
        self.rate = rate
        self.tokens = rate
        self.updated = now

    def set_rate(self, rate: float) -> None:
        self.rate = rate
        self.tokens = min(self.tokens, rate)

    def take(self, now: float) -> bool:
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.rate, self.tokens + elapsed * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class PairRate:
    """At most `burst` messages to one recipient within any `window_s` seconds."""

    def __init__(self) -> None:
        self._sent: dict[str, deque[float]] = {}

    def take(self, recipient: str, now: float, *, burst: int, window_s: float) -> bool:
        times = self._sent.setdefault(recipient, deque())
        while times and times[0] <= now - window_s:
            times.popleft()
        if len(times) >= burst:
            return False
        times.append(now)
        return True

    def clear(self) -> None:
        self._sent.clear()
