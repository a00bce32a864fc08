"""`GET/POST /webhooks/whatsapp`: verification, signature, durable intake, then 200."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from webhooks.inbox import GroupCommitWriter
from webhooks.intake import Unparseable, signature_ok, split_body

log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WhatsAppIntake:
    """What the handlers need: the secrets and the inbox writer."""

    app_secret: bytes
    verify_token: str | None
    writer: GroupCommitWriter
    now: Callable[[], datetime] = _utcnow


INTAKE = web.AppKey("whatsapp_intake", WhatsAppIntake)


async def verify(request: web.Request) -> web.Response:
    """Meta's subscription handshake: echo `hub.challenge` when the token matches."""
    intake = request.app[INTAKE]
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


async def receive(request: web.Request) -> web.Response:
    """Check the signature over the raw body, store the items, answer 200 once committed."""
    intake = request.app[INTAKE]
    body = await request.read()
    if not signature_ok(intake.app_secret, body, request.headers.get("X-Hub-Signature-256")):
        return web.Response(status=401, text="bad signature")
    now = intake.now()
    try:
        rows = split_body(body, now)
    except Unparseable as exc:
        await intake.writer.write((), [dead_letter(body, str(exc), now)])
        log.warning("webhook body kept as a dead letter")
        return web.Response(text="OK")
    await intake.writer.write(rows)
    return web.Response(text="OK")


def dead_letter(body: bytes, error: str, now: datetime) -> dict[str, object]:
    return {
        "received_at": now,
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "body": body.decode("utf-8", errors="replace").replace("\x00", "\ufffd"),
        "error": error[:1000],
    }


def setup_routes(app: web.Application) -> None:
    """Add the routes; `app[INTAKE]` must be set before the first request."""
    app.router.add_get("/webhooks/whatsapp", verify)
    app.router.add_post("/webhooks/whatsapp", receive)
