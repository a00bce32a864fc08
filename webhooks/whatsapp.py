"""WhatsApp's webhook handlers: verification, signature, durable intake, then 200.

The routes are declared in `shop/web/whatsapp.py`, which hands each request its intake."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from webhooks.group_commit import GroupCommitWriter
from webhooks.intake import signature_ok

log = logging.getLogger(__name__)
# Meta's webhooks are documented at up to 3 MB; the service passes `WEBHOOK_MAX_BODY_BYTES`.
MAX_BODY_BYTES = 4 * 1024 * 1024


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WhatsAppIntake:
    """What the handlers need: the secrets and the intake's writer."""

    app_secret: bytes
    verify_token: str | None
    writer: GroupCommitWriter
    now: Callable[[], datetime] = _utcnow
    max_body: int = MAX_BODY_BYTES


async def verify(intake: WhatsAppIntake, request: web.Request) -> web.Response:
    """Meta's subscription handshake: echo `hub.challenge` when the token matches."""
    query = request.query
    token = query.get("hub.verify_token", "")
    expected = intake.verify_token
    if (
        query.get("hub.mode") == "subscribe"
        and expected is not None
        and hmac.compare_digest(token.encode(), expected.encode())
    ):
        return web.Response(text=query.get("hub.challenge", ""))
    return web.Response(status=403, text="verification failed")


async def receive(intake: WhatsAppIntake, request: web.Request) -> web.Response:
    """Check the signature over the raw body, store the body, answer 200 once committed.

    Every signed body is stored as it came; the worker splits it into inbox items and dead
    letters moments later (`webhooks.splitter`). Only a failed commit answers 500."""
    body = await read_capped(request, intake.max_body)
    if body is None:
        log.warning("webhook body over the limit", extra={"limit": intake.max_body})
        response = web.Response(status=413, text="body too large")
        response.force_close()  # the rest of the body is never read
        return response
    if not signature_ok(intake.app_secret, body, request.headers.get("X-Hub-Signature-256")):
        return web.Response(status=401, text="bad signature")
    try:
        await intake.writer.write(body, intake.now())
    except Exception as exc:  # not stored: Meta delivers it again; the error's text may quote it
        log.error("webhook not stored", extra={"error": type(exc).__name__})
        return web.Response(status=500, text="not stored")
    return web.Response(text="OK")


async def read_capped(request: web.Request, limit: int) -> bytes | None:
    """The body, or None as soon as it is known to exceed `limit` (by its Content-Length, or
    while reading a chunked one): a larger body is refused before it is held in memory."""
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks, size = [], 0
    while chunk := await request.content.read(min(limit + 1, 1 << 16)):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
