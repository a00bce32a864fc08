"""YooKassa notification intake: source-address check and a tolerant parser (pure; no I/O).

YooKassa signs nothing, so the sender's address is the only check at the door, and the
notification is only a hint: the worker re-reads the payment from the API before acting.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

# What YooKassa sends: events like `payment.succeeded`, UUID-like object ids. A value of
# another shape is not trusted as a key, a URL segment or a column value (it would not fit).
_EVENT = re.compile(r"[a-z_]{1,30}\.[a-z_]{1,33}")
_OBJECT_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
_STATUS = re.compile(r"[a-z_]{1,32}")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(text: str | None) -> Address | None:
    """An address as peers and proxies write it (`::ffff:1.2.3.4`, `[::1]:80`, `1.2.3.4:80`)."""
    if not text:
        return None
    value = text.strip().strip('"')
    if value.startswith("["):  # [v6] or [v6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    value = value.split("%", 1)[0]  # an IPv6 zone id says nothing about the sender
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _within(address: Address, networks: Iterable[Network]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(
    peer: str | None,
    forwarded_for: str | Sequence[str] | None,
    trusted_proxies: Sequence[Network],
) -> Address | None:
    """The sender: the direct peer, or — only when the peer is one of our proxies — the
    right-most `X-Forwarded-For` hop that is not a proxy of ours. None if unreadable."""
    direct = parse_address(peer)
    if direct is None or not forwarded_for or not _within(direct, trusted_proxies):
        return direct
    headers = [forwarded_for] if isinstance(forwarded_for, str) else list(forwarded_for)
    hops = [hop for header in headers for hop in header.split(",")]
    chosen: Address | None = direct
    for hop in reversed(hops):
        # A garbage hop added by one of our proxies means the chain cannot be trusted.
        chosen = parse_address(hop)
        if chosen is None:
            return None
        if not _within(chosen, trusted_proxies):
            return chosen
    return chosen


def is_trusted_source(
    peer: str | None,
    forwarded_for: str | Sequence[str] | None,
    *,
    networks: Sequence[Network],
    trusted_proxies: Sequence[Network] = (),
) -> bool:
    """True when the notification comes from one of YooKassa's networks."""
    sender = client_address(peer, forwarded_for, trusted_proxies)
    return sender is not None and _within(sender, networks)


class NotificationError(ValueError):
    """The body is not a JSON object at all; nothing can be learnt from it."""


@dataclass(frozen=True)
class Notification:
    """What a notification claims; every field may be missing and nothing is trusted."""

    type: str | None
    event: str | None
    object_id: str | None
    object_status: str | None
    payment_id: str | None
    raw: str

    @property
    def actionable(self) -> bool:
        """Enough to re-read something from the API."""
        return self.event is not None and self.object_id is not None

    @property
    def dedup_key(self) -> str:
        """YooKassa redelivers for 24 h: the same event about the same object is one row."""
        if self.actionable:
            return f"yookassa:{self.event}:{self.object_id}"[:300]
        return "yookassa:body:" + hashlib.sha256(self.raw.encode()).hexdigest()


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _shaped(value: Any, shape: re.Pattern[str]) -> str | None:
    """The value when it has YooKassa's shape; None makes the notification not actionable."""
    text = _text(value)
    return text if text is not None and shape.fullmatch(text) else None


def parse_notification(body: bytes | str) -> Notification:
    """Read `type`, `event`, `object.id` (and the payment id) leniently; keep the raw body."""
    raw = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise NotificationError("notification body is not JSON") from exc
    if not isinstance(data, dict):
        raise NotificationError("notification body is not a JSON object")
    found = data.get("object")
    obj: dict[str, Any] = found if isinstance(found, dict) else {}
    event = _shaped(data.get("event"), _EVENT)
    object_id = _shaped(obj.get("id"), _OBJECT_ID)
    payment_id = _shaped(obj.get("payment_id"), _OBJECT_ID)
    if payment_id is None and event is not None and event.startswith("payment."):
        payment_id = object_id
    return Notification(
        type=_text(data.get("type")),
        event=event,
        object_id=object_id,
        object_status=_shaped(obj.get("status"), _STATUS),
        payment_id=payment_id,
        raw=raw,
    )


@dataclass(frozen=True)
class Intake:
    """The handler's answer: 403 and nothing kept, or 200 once `row` is stored."""

    status: int
    notification: Notification | None = None
    reason: str = ""

    @property
    def keep(self) -> bool:
        return self.status == 200


def receive(
    *,
    peer: str | None,
    forwarded_for: str | Sequence[str] | None,
    body: bytes,
    networks: Sequence[Network],
    trusted_proxies: Sequence[Network] = (),
) -> Intake:
    """Decide what `POST /webhooks/yookassa` does with a request."""
    if not is_trusted_source(
        peer, forwarded_for, networks=networks, trusted_proxies=trusted_proxies
    ):
        return Intake(403, reason="untrusted source")
    try:
        notification = parse_notification(body)
    except NotificationError as exc:
        # From YooKassa's own address yet unreadable: keep it for a person to look at.
        raw = body.decode("utf-8", errors="replace")
        return Intake(200, Notification(None, None, None, None, None, raw), reason=str(exc))
    return Intake(200, notification)


def inbox_row(notification: Notification, now: datetime) -> dict[str, Any]:
    """A plain row for the inbox: keyed for dedup, the raw body kept, nothing interpreted."""
    return {
        "dedup_key": notification.dedup_key,
        "kind": "yookassa",
        "event": notification.event,
        "object_id": notification.object_id,
        "payment_id": notification.payment_id,
        "payload": notification.raw,
        "received_at": now,
    }


Store = Callable[[dict[str, Any]], Awaitable[None]]


# A notification is a payment or refund object of a few kilobytes; this is far above any.
MAX_BODY = 256 * 1024


async def read_capped(request: web.Request, limit: int) -> bytes | None:
    """The body, or None when it is longer than `limit` (nothing more is read)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks, size = [], 0
    while chunk := await request.content.read(64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def make_handler(
    *,
    networks: Sequence[Network],
    trusted_proxies: Sequence[Network],
    store: Store,
    now: Callable[[], datetime],
    max_body: int = MAX_BODY,
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """`POST /webhooks/yookassa`: 403 and nothing kept (nor read) for strangers; 413 for a body
    no notification has; 200 once `store` returns.

    `store` must commit durably (and ignore a duplicate `dedup_key`); if it raises, the answer
    is 500 and YooKassa delivers again.
    """

    async def handle(request: web.Request) -> web.Response:
        forwarded = request.headers.getall("X-Forwarded-For", [])
        trusted = is_trusted_source(
            request.remote, forwarded, networks=networks, trusted_proxies=trusted_proxies
        )
        body = await read_capped(request, max_body) if trusted else b""
        if body is None:
            log.warning("yookassa notification refused: body over %d bytes", max_body)
            return web.Response(status=413)
        intake = receive(
            peer=request.remote,
            forwarded_for=forwarded,
            body=body,
            networks=networks,
            trusted_proxies=trusted_proxies,
        )
        if not intake.keep or intake.notification is None:
            log.warning("yookassa notification refused: %s", intake.reason)
            return web.Response(status=intake.status)
        await store(inbox_row(intake.notification, now()))
        return web.Response(text="ok")

    return handle
