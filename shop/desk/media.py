"""Inbound media of the transcript: fetched from the Graph API, checked, kept on disk.

A transcript line of an image, a video, an audio, a document or a sticker carries Meta's
media id in its data. The worker's job `desk.media` picks such lines after its cursor, asks
the Graph API for the media's URL, type and size, downloads it with the token and keeps the
file under MEDIA_DIR, named by the line's id. No database transaction is open while it talks
to Meta or writes the file: the lines are read in one short unit of work, each outcome saved
in another. The outcome goes into the line's data (`media_state`): `stored`, `refused` (too
big, a type not allowed; with `media_reason`), `retry` (Meta answered 5xx or not at all; tried
again later, up to MAX_TRIES) or `failed` (gone at Meta, or still unavailable after the tries).

Several workers may run the job against one PostgreSQL and read the same new lines. A fetch
is claimed first (`MediaFetcher.claim`: a lease in the line's data, taken by a conditional
update), so one worker downloads a file and the others skip it until its outcome is saved or
its lease ends (a worker that died mid-download).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy import select

from shop import merchant_settings
from shop.chat.tables import ShopChat
from shop.clock import Clock
from shop.desk.live import changed
from shop.desk.tables import DeskChat, DeskMessage
from shop.storage.db import Database
from shop.storage.sql import run

log = logging.getLogger(__name__)

JOB = "desk.media"
KEY = "desk.media.cursor"
BATCH = 10
MAX_TRIES = 5
BACKOFF = (timedelta(seconds=10), timedelta(minutes=1), timedelta(minutes=5))
# A claimed fetch is its worker's for this long: a 100 MB document on a slow link fits in it,
# and a worker that died mid-download holds its file back no longer than this.
LEASE = timedelta(minutes=10)
LINES = DeskMessage.__table__  # type: ignore[attr-defined]
DESK = DeskChat.__table__  # type: ignore[attr-defined]
CHATS = ShopChat.__table__  # type: ignore[attr-defined]
MB = 1024 * 1024
# Meta's caps per kind (Cloud API media reference); MEDIA_MAX_BYTES may only lower them.
KIND_LIMITS = {
    "image": 5 * MB,
    "video": 16 * MB,
    "audio": 16 * MB,
    "document": 100 * MB,
    "sticker": 500 * 1024,
}
# The types Meta lets through per kind; anything else is refused, never kept or served.
ALLOWED: dict[str, dict[str, str]] = {
    "image": {"image/jpeg": ".jpg", "image/png": ".png"},
    "sticker": {"image/webp": ".webp"},
    "video": {"video/mp4": ".mp4", "video/3gpp": ".3gp"},
    "audio": {
        "audio/aac": ".aac",
        "audio/amr": ".amr",
        "audio/mpeg": ".mp3",
        "audio/mp4": ".m4a",
        "audio/ogg": ".ogg",
    },
    "document": {
        "application/pdf": ".pdf",
        "text/plain": ".txt",
        "application/msword": ".doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
        "application/vnd.ms-excel": ".xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
        "application/vnd.ms-powerpoint": ".ppt",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    },
}
MEDIA_KINDS = tuple(KIND_LIMITS)
SETTLED = ("stored", "refused", "failed")
Pending = tuple[int, str, str, str]  # line id, kind, data (JSON as stored), the shopper's wa_id


@dataclass(frozen=True)
class MediaInfo:
    """`GET /{media-id}`: where to download the file, its type and size as Meta declares."""

    url: str
    mime_type: str
    file_size: int | None


class MediaUnavailable(Exception):
    """Meta did not give the media: `transient` (5xx, 429, no answer) is worth another try."""

    def __init__(self, status: int | None, transient: bool) -> None:
        super().__init__(f"HTTP {status}" if status is not None else "no answer")
        self.status, self.transient = status, transient


class TooBig(Exception):
    """The download went past the cap (Meta's declared size may be missing or wrong)."""


class MediaSource(Protocol):
    async def info(self, media_id: str) -> MediaInfo: ...

    async def download(self, url: str, limit: int) -> tuple[bytes, str | None]:
        """The file's bytes (raises TooBig past `limit`) and the answer's Content-Type."""
        ...


class Cursor(BaseModel):
    line: int = 0  # every media line up to this id is settled


def bare_type(mime: str | None) -> str:
    """`audio/ogg; codecs=opus` → `audio/ogg`."""
    return (mime or "").split(";", 1)[0].strip().lower()


def refusal(kind: str, mime: str, size: int | None, cap: int) -> str | None:
    """Why a file is refused before its download (`type`, `size`), None when it may come."""
    if bare_type(mime) not in ALLOWED.get(kind, {}):
        return "type"
    if size is not None and size > limit_of(kind, cap):
        return "size"
    return None


def limit_of(kind: str, cap: int) -> int:
    return min(KIND_LIMITS.get(kind, cap), cap)


def file_name(line_id: int, kind: str, mime: str) -> str:
    return f"{line_id}{ALLOWED[kind][bare_type(mime)]}"


def retry_outcome(tries: int, now: datetime) -> dict[str, Any]:
    if tries >= MAX_TRIES:
        return {"media_state": "failed", "media_reason": "unavailable", "media_tries": tries}
    wait = BACKOFF[min(tries, len(BACKOFF)) - 1]
    return {
        "media_state": "retry",
        "media_tries": tries,
        "media_retry_at": (now + wait).isoformat(),
    }


def settled(data: dict[str, Any]) -> bool:
    return data.get("media_state") in SETTLED or "media_id" not in data


def due(data: dict[str, Any], now: datetime) -> bool:
    """Is this line's fetch to be tried now (and not another worker's at the moment)?"""
    if settled(data) or held(data, now):
        return False
    retry_at = data.get("media_retry_at")
    return retry_at is None or datetime.fromisoformat(retry_at) <= now


def held(data: dict[str, Any], now: datetime) -> bool:
    """Is the fetch claimed by a worker whose lease still runs?"""
    claim = data.get("media_claim")
    return isinstance(claim, dict) and datetime.fromisoformat(str(claim["until"])) > now


class MediaFetcher:
    """The `desk.media` job: fetches the media of new inbound transcript lines."""

    def __init__(
        self, *, db: Database, clock: Clock, source: MediaSource, directory: Path, cap: int
    ) -> None:
        self.db, self.clock, self.source = db, clock, source
        self.directory, self.cap = directory, cap
        self.holder = secrets.token_hex(6)  # this fetcher's name in its claims

    async def run_once(self) -> int:
        now = self.clock.now()
        rows = await self._pending()
        seen: list[tuple[int, dict[str, Any]]] = []
        done = 0
        for line_id, kind, stored, wa_id in rows:
            data = json.loads(stored)
            seen.append((line_id, data))
            if not due(data, now):
                continue
            claim = await self.claim(line_id, stored, now)
            if claim is None:
                continue  # another worker took it since it was read: that one fetches it
            data.update(await self._fetch(line_id, kind, data, now))
            data.pop("media_claim", None)  # read before the claim: a lease that ran out, if any
            await self._save(line_id, wa_id, claim, data)
            done += 1
        await self._advance(seen)
        return done

    async def claim(self, line_id: int, stored: str, now: datetime) -> str | None:
        """Take the line's fetch for LEASE; its data as claimed, or None if another worker
        changed it first. The update is conditional on the data as this worker read it, so of
        two that read it alike one wins: PostgreSQL checks the condition again once the
        other's update commits, SQLite has one writer at a time."""
        data = json.loads(stored) | {
            "media_claim": {"by": self.holder, "until": (now + LEASE).isoformat()}
        }
        text = json.dumps(data, ensure_ascii=False)
        taken = LINES.update().where(LINES.c.id == line_id, LINES.c.data == stored)
        async with self.db.transaction() as session:
            result = await run(session, taken.values(data=text))
        return text if result.rowcount == 1 else None

    async def _pending(self) -> list[Pending]:
        async with self.db.transaction() as session:
            cursor = await merchant_settings.load(session, KEY, Cursor) or Cursor()
            query = (
                select(LINES.c.id, LINES.c.kind, LINES.c.data, LINES.c.wa_id)
                .where(
                    LINES.c.id > cursor.line,
                    LINES.c.direction == "in",
                    LINES.c.kind.in_(MEDIA_KINDS),
                )
                .order_by(LINES.c.id)
                .limit(BATCH)
            )
            rows = await run(session, query)
            return [(r.id, r.kind, r.data, r.wa_id) for r in rows]

    async def _fetch(
        self, line_id: int, kind: str, data: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        try:
            return await self._keep(line_id, kind, str(data["media_id"]))
        except MediaUnavailable as exc:
            log.warning("media not fetched", extra={"line": line_id, "status": exc.status})
            if not exc.transient:
                return {"media_state": "failed", "media_reason": "gone"}
            return retry_outcome(int(data.get("media_tries", 0)) + 1, now)
        except TooBig:
            return {"media_state": "refused", "media_reason": "size"}

    async def _keep(self, line_id: int, kind: str, media_id: str) -> dict[str, Any]:
        info = await self.source.info(media_id)
        reason = refusal(kind, info.mime_type, info.file_size, self.cap)
        if reason is None:
            content, answered = await self.source.download(info.url, limit_of(kind, self.cap))
            # The file's own answer must carry the type Meta declared (or none at all).
            if answered and bare_type(answered) != bare_type(info.mime_type):
                reason = "type"
        if reason is not None:
            return {"media_state": "refused", "media_reason": reason}
        name = file_name(line_id, kind, info.mime_type)
        await asyncio.to_thread(write_whole, self.directory, name, content)
        log.info("media stored", extra={"line": line_id, "bytes": len(content)})
        return {
            "media_state": "stored",
            "media_file": name,
            "media_type": bare_type(info.mime_type),
            "media_size": len(content),
        }

    async def _save(self, line_id: int, wa_id: str, claim: str, data: dict[str, Any]) -> None:
        """The outcome on the line, if it is still this worker's claim (a lease that ran out
        was taken over: the other worker's outcome stands); the chat's desk row is touched
        and the desk's live feeds woken, so an operator's open page shows the file."""
        text = json.dumps(data, ensure_ascii=False)
        chat_id = select(CHATS.c.id).where(CHATS.c.wa_id == wa_id).scalar_subquery()
        ours = LINES.update().where(LINES.c.id == line_id, LINES.c.data == claim)
        async with self.db.transaction() as session:
            if (await run(session, ours.values(data=text))).rowcount != 1:
                log.warning("media claim lost", extra={"line": line_id})
                return
            touch = DESK.update().where(DESK.c.chat_id == chat_id)
            await run(session, touch.values(updated_at=self.clock.now()))
            changed(session)

    async def _advance(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Move the cursor past the settled lines, up to the first one still to fetch."""
        if not rows:
            return
        line = rows[-1][0]
        for line_id, data in rows:
            if not settled(data):
                line = line_id - 1
                break
        async with self.db.transaction() as session:
            cursor = await merchant_settings.load(session, KEY, Cursor) or Cursor()
            if line > cursor.line:
                await merchant_settings.save(session, KEY, Cursor(line=line), self.clock.now())


def write_whole(directory: Path, name: str, content: bytes) -> None:
    """Whole or absent, never half a file: written aside under a name of its own (two writers
    never share one), then renamed."""
    directory.mkdir(parents=True, exist_ok=True)
    part = directory / f"{name}.{secrets.token_hex(4)}.part"
    try:
        part.write_bytes(content)
        part.replace(directory / name)
    finally:
        part.unlink(missing_ok=True)


def stored_file(directory: Path, data: dict[str, Any]) -> Path | None:
    """The kept file of a line's data, when it was stored and is still there."""
    name = data.get("media_file")
    if data.get("media_state") != "stored" or not isinstance(name, str) or "/" in name:
        return None
    path = directory / name
    return path if path.is_file() else None
