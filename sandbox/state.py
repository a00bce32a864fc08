"""The fake's in-memory state: behaviour knobs, its clock, shoppers, accepted messages."""

from __future__ import annotations

import random
import secrets
import time
from collections import deque
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sandbox.limits import PairRate, TokenBucket
from sandbox.stats import SendStats

WINDOW_SECONDS = 24 * 3600
MESSAGE_LOG_LIMIT = 200_000


@dataclass
class Behaviour:
    """What `POST /control/config` changes; the defaults keep tests deterministic."""

    messages_per_second: float = 80.0
    pair_rate_burst: int = 45
    pair_rate_window_s: float = 6.0
    statuses: bool = True
    read_ratio: float = 1.0
    skip_delivered_ratio: float = 0.0
    duplicate_ratio: float = 0.0
    reorder_ratio: float = 0.0
    duplicate_post_ratio: float = 0.0
    webhook_batch_max: int = 10
    seed: int = 1
    webhook_url: str = ""
    webhook_concurrency: int = 1
    webhook_max_attempts: int = 8
    webhook_backoff_s: float = 0.05
    webhook_max_backoff_s: float = 2.0
    webhook_ttl_s: float = 120.0
    webhook_timeout_s: float = 10.0
    status_delay_ms: float = 0.0
    timeout_hold_s: float = 30.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def updated(self, changes: dict[str, Any]) -> Behaviour:
        """A copy with `changes` applied; raises ValueError naming a bad key or value."""
        types = {f.name: f.type for f in fields(self)}
        merged = self.as_dict()
        for key, value in changes.items():
            if key not in types:
                raise ValueError(f"unknown setting {key!r}")
            merged[key] = _coerce(key, str(types[key]), value)
        return Behaviour(**merged)


_RATIOS = {
    "read_ratio",
    "skip_delivered_ratio",
    "duplicate_ratio",
    "reorder_ratio",
    "duplicate_post_ratio",
}
_MIN_ONE = {"pair_rate_burst", "webhook_batch_max", "webhook_concurrency", "webhook_max_attempts"}


def _coerce(key: str, kind: str, value: Any) -> Any:
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be true or false")
        return value
    if kind == "str":
        if not isinstance(value, str):
            raise ValueError(f"{key} must be a string")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} must be a number")
    if kind == "int":
        if value != int(value):
            raise ValueError(f"{key} must be a whole number")
        value = int(value)
    if key in _RATIOS and not 0.0 <= value <= 1.0:
        raise ValueError(f"{key} must be between 0 and 1")
    if key in _MIN_ONE and value < 1:
        raise ValueError(f"{key} must be at least 1")
    if value < 0 or (key in {"messages_per_second", "pair_rate_window_s"} and value <= 0):
        raise ValueError(f"{key} must be positive")
    return float(value) if kind == "float" else value


class SandboxClock:
    """Wall time shifted by `advance`, or frozen (rate limits then refill only on advance)."""

    def __init__(self) -> None:
        self.offset = 0.0
        self.frozen_at: float | None = None

    def timestamp(self) -> float:
        base = self.frozen_at if self.frozen_at is not None else time.time()
        return base + self.offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), UTC)

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def freeze(self, frozen: bool) -> None:
        if frozen and self.frozen_at is None:
            self.frozen_at = time.time()
        elif not frozen and self.frozen_at is not None:
            # Keep the visible time continuous when thawing.
            self.offset += self.frozen_at - time.time()
            self.frozen_at = None


class SandboxState:
    """Everything the fake remembers, for one sandbox app."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.clock = SandboxClock()
        self.rng = random.Random(behaviour.seed)
        self.bucket = TokenBucket(behaviour.messages_per_second, self.clock.timestamp())
        self.pair_rate = PairRate()
        self.last_inbound: dict[str, float] = {}
        self.stopped_marketing: set[str] = set()
        self.inbound_from: dict[str, str] = {}
        self.messages: deque[dict[str, Any]] = deque(maxlen=MESSAGE_LOG_LIMIT)
        self.sent_by_shoppers: deque[dict[str, Any]] = deque(maxlen=MESSAGE_LOG_LIMIT)
        self.stats = SendStats()
        self.quality_rating = "GREEN"
        self.subscribed = True  # the app gets the business account's webhooks
        self._counter = 0

    def configure(self, changes: dict[str, Any]) -> None:
        new = self.behaviour.updated(changes)
        if "seed" in changes:
            self.rng = random.Random(new.seed)
        if new.messages_per_second != self.behaviour.messages_per_second:
            self.bucket.set_rate(new.messages_per_second)
        self.behaviour = new

    def new_wamid(self) -> str:
        self._counter += 1
        return f"wamid.HBgL{self._counter:010d}{secrets.token_hex(8).upper()}"

    def window_open(self, wa_id: str) -> bool:
        opened = self.last_inbound.get(wa_id)
        return opened is not None and self.clock.timestamp() - opened < WINDOW_SECONDS

    def record_inbound(self, wa_id: str, wamid: str, message: dict[str, Any] | None = None) -> None:
        self.last_inbound[wa_id] = self.clock.timestamp()
        self.inbound_from[wamid] = wa_id
        if message is not None:
            at = self.clock.now().isoformat()
            self.sent_by_shoppers.append({"wamid": wamid, "from": wa_id, "body": message, "at": at})

    def record_accepted(self, wamid: str, to: str, kind: str, body: dict[str, Any]) -> None:
        self.messages.append(
            {
                "wamid": wamid,
                "to": to,
                "type": kind,
                "body": body,
                "accepted_at": self.clock.now().isoformat(),
            }
        )

    def allow_send(self, recipient: str) -> int | None:
        """None when the send fits the limits, else Meta's throttling code."""
        now = self.clock.timestamp()
        if not self.bucket.take(now):
            return 130429
        b = self.behaviour
        if not self.pair_rate.take(
            recipient, now, burst=b.pair_rate_burst, window_s=b.pair_rate_window_s
        ):
            return 131056
        return None

    def roll(self, ratio: float) -> bool:
        """A seeded coin flip; ratios 0 and 1 never consume randomness (stay deterministic)."""
        if ratio <= 0.0:
            return False
        if ratio >= 1.0:
            return True
        return self.rng.random() < ratio
