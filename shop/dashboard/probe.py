"""The Graph probe: every quarter of an hour a worker reads the phone number from the Graph
API (as `shop doctor` does) and records the answer in `merchant_setting`, so the dashboard
knows whether the token is accepted and the number's quality without calling Meta per page.
The doctor page records its own read the same way."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError

from shop.clock import Clock
from shop.dashboard.banners import GraphProbe
from shop.doctor.checks import Reply
from shop.doctor.probes import Remote
from shop.doctor.run import live_probes
from shop.merchant_settings import save
from shop.sandbox_mode import credentials
from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting

log = logging.getLogger(__name__)
PROBE_KEY = "dashboard.graph_probe"
PROBE_JOB = "dashboard.probe"
PROBE_INTERVAL = 15 * 60.0  # seconds; Meta's rating changes over days, a token at once


class ProbeDoc(BaseModel):
    checked_at: datetime
    status: int | None
    code: int | None = None
    quality: str | None = None


def probe_from(reply: Reply, now: datetime) -> GraphProbe:
    """What a read of the phone number says: its status, Meta's error code, the rating."""
    body: dict[str, Any] = reply.body if isinstance(reply.body, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    code = error.get("code") if isinstance(error, dict) else None
    quality = body.get("quality_rating") if reply.ok else None
    return GraphProbe(
        checked_at=now,
        status=reply.status,
        code=code if isinstance(code, int) else None,
        quality=str(quality) if quality else None,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def probe_of(text: str | None) -> GraphProbe | None:
    """The recorded probe, or None when none was recorded (or it cannot be read)."""
    if not text:
        return None
    try:
        doc = ProbeDoc.model_validate_json(text)
    except ValidationError:
        return None
    return GraphProbe(_aware(doc.checked_at), doc.status, doc.code, doc.quality)


async def record_probe(db: Database, probe: GraphProbe) -> None:
    doc = ProbeDoc(
        checked_at=probe.checked_at, status=probe.status, code=probe.code, quality=probe.quality
    )
    try:
        async with db.transaction() as session:
            await save(session, PROBE_KEY, doc, probe.checked_at)
    except IntegrityError:  # another process recorded its read this very moment: as good
        log.info("graph probe recorded elsewhere")


def meant_for_meta(settings: Settings) -> bool:
    """Whether the probe may ask the Graph API set: always in production; in the sandbox
    only its built-in fake (`shop serve` points the setting there), never Meta's own server
    with the sandbox's made-up token."""
    default = Settings.model_fields["whatsapp_graph_url"].default
    return not settings.sandbox or settings.whatsapp_graph_url != default


class GraphProber:
    """The worker's job: one read of the phone number per run, recorded."""

    def __init__(self, *, settings: Settings, db: Database, clock: Clock) -> None:
        self._settings, self._db, self._clock = settings, db, clock

    async def run_once(self) -> int:
        """Probe unless a read younger than the interval is recorded (by another process,
        or by the doctor page): Meta is asked once a quarter-hour however many run."""
        if not meant_for_meta(self._settings):
            return 0
        now = self._clock.now()
        async with self._db.sessions() as session:
            row = await session.get(MerchantSetting, PROBE_KEY)
        last = probe_of(row.value if row is not None else None)
        if last is not None and now - last.checked_at < timedelta(seconds=PROBE_INTERVAL):
            return 0
        phone_number_id = credentials(self._settings).phone_number_id
        async with live_probes(self._settings, self._db) as probes:
            reply = await probes.graph.get(phone_number_id)
        probe = probe_from(reply, self._clock.now())
        await record_probe(self._db, probe)
        log.info("graph probe", extra={"status": probe.status, "code": probe.code})
        return 0  # nothing queued: sleep until the next quarter of an hour


class Recording:
    """A Remote that keeps every answer it passed on, by path (the doctor page records the
    phone number's read it made anyway)."""

    def __init__(self, remote: Remote) -> None:
        self._remote = remote
        self.answers: dict[str, Reply] = {}

    async def get(self, path: str) -> Reply:
        reply = await self._remote.get(path)
        self.answers[path] = reply
        return reply
