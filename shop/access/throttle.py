"""The login throttle: a few wrong tokens per client address a minute, then a pause.

Only failures count, and a client in a pause is refused before its token is looked at, so a
guesser learns nothing. IPv6 clients count per /64, the block one machine usually holds.
State is per process and bounded: a flood of addresses evicts the oldest, never grows it.
"""

from __future__ import annotations

import ipaddress
import math
from collections import OrderedDict, deque
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=1)
MAX_CLIENTS = 10_000


def client_key(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> str:
    if address is None:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class LoginThrottle:
    def __init__(self, *, max_failures: int = MAX_FAILURES, window: timedelta = WINDOW) -> None:
        self.max_failures, self.window = max_failures, window
        self._failures: OrderedDict[str, deque[datetime]] = OrderedDict()

    def _recent(self, client: str, now: datetime) -> deque[datetime]:
        times = self._failures.get(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, client: str, now: datetime) -> int:
        """Seconds this client must wait before its next try; 0 when it may try now."""
        times = self._recent(client, now)
        if len(times) < self.max_failures:
            return 0
        return max(1, math.ceil((times[0] + self.window - now).total_seconds()))

    def failed(self, client: str, now: datetime) -> None:
        times = self._recent(client, now)
        times.append(now)
        self._failures[client] = times
        self._failures.move_to_end(client)
        while len(self._failures) > MAX_CLIENTS:
            self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)
