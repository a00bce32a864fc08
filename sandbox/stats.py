"""Counters of what `/messages` answered, to check a sender's pacing from the outside."""

from __future__ import annotations

from collections import Counter, deque
from typing import Any

TIMES_LIMIT = 200_000


class SendStats:
    def __init__(self) -> None:
        self.accepted = 0
        self.refused: Counter[int] = Counter()
        self.times: deque[float] = deque(maxlen=TIMES_LIMIT)

    def accept(self, at: float) -> None:
        self.accepted += 1
        self.times.append(at)

    def refuse(self, code: int) -> None:
        self.refused[code] += 1

    def clear(self) -> None:
        self.accepted = 0
        self.refused.clear()
        self.times.clear()

    def max_in_window(self, window_s: float = 1.0) -> int:
        """The most sends accepted within any `window_s` seconds (sliding, not calendar)."""
        best, start = 0, 0
        times = list(self.times)
        for end, at in enumerate(times):
            while at - times[start] >= window_s:
                start += 1
            best = max(best, end - start + 1)
        return best

    def view(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "refused": {str(code): n for code, n in sorted(self.refused.items())},
            "max_accepted_in_any_second": self.max_in_window(),
        }
