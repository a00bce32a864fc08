"""An operator's photo or document: checked, uploaded to the media endpoint, sent.

Inside the shopper's 24-hour window only (a file is free-form): the window is read first, so
nothing is uploaded for a message that cannot go. The upload (`POST /{phone-number-id}/media`)
runs with no transaction open, and a copy is kept under MEDIA_DIR (`out-{random}.{ext}`);
the message is then queued like any operator's reply, keyed by the outbox, with its
transcript line pointing at the copy in the same transaction, so staff (and a colleague's
open page, through the live feed) see the photo or the document's chip from the line's first
moment. A crash after the upload leaves an unused id at Meta (and maybe an unused copy),
never a message sent twice.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from shop.access.staff import Actor
from shop.chat.tables import ShopChat
from shop.clock import Clock
from shop.desk.media import (
    ALLOWED,
    KIND_LIMITS,
    MediaUnavailable,
    bare_type,
    write_whole,
)
from shop.desk.service import Desk, DeskRefused, Reply
from shop.storage.db import Database
from shop.whatsapp.outbox import is_window_open

# What an operator may send: Meta's image types (JPEG, PNG) and its document types.
OUT_KINDS = {"image": ALLOWED["image"], "document": ALLOWED["document"]}
MAGIC = {
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "application/pdf": b"%PDF",
}


@dataclass(frozen=True)
class OutFile:
    content: bytes
    mime_type: str
    filename: str


class Uploader(Protocol):
    async def upload(self, content: bytes, mime_type: str, filename: str) -> str: ...


def kind_of(file: OutFile, cap: int) -> str:
    """`image` or `document`; DeskRefused (`media_type`, `media_size`) when it may not go."""
    mime = bare_type(file.mime_type)
    kind = next((k for k, types in OUT_KINDS.items() if mime in types), None)
    magic = MAGIC.get(mime)
    if kind is None or (magic is not None and not file.content.startswith(magic)):
        raise DeskRefused("media_type", mime)
    if not file.content or len(file.content) > min(KIND_LIMITS[kind], cap):
        raise DeskRefused("media_size", str(len(file.content)))
    return kind


class OutboundMedia:
    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        desk: Desk,
        uploader: Uploader,
        directory: Path,
        cap: int,
    ) -> None:
        self.db, self.clock, self.desk, self.uploader = db, clock, desk, uploader
        self.directory, self.cap = directory, cap

    async def send(self, chat_id: int, actor: Actor, file: OutFile, caption: str = "") -> int:
        """Upload the file and queue it as an image or document message; the outbox id."""
        kind = kind_of(file, self.cap)
        await self._window(chat_id)
        mime = bare_type(file.mime_type)
        try:
            media_id = await self.uploader.upload(file.content, mime, file.filename)
        except MediaUnavailable as exc:
            raise DeskRefused("media_upload", str(exc)) from exc
        name = f"out-{secrets.token_hex(8)}{OUT_KINDS[kind][mime]}"
        await asyncio.to_thread(write_whole, self.directory, name, file.content)
        reply = Reply(
            text=caption.strip()[:1024] or None,
            media_id=media_id,
            media_kind=kind,
            filename=file.filename if kind == "document" else None,
            kept=kept_data(media_id, mime, name, file),
        )
        try:
            return await self.desk.reply(chat_id, actor, reply)
        except DeskRefused:
            await asyncio.to_thread((self.directory / name).unlink, missing_ok=True)
            raise

    async def _window(self, chat_id: int) -> None:
        async with self.db.sessions() as session:
            chat = await session.get(ShopChat, chat_id)
            if chat is None:
                raise DeskRefused("not_found")
            if not await is_window_open(session, chat.wa_id, self.clock.now()):
                raise DeskRefused("window_closed")


def kept_data(media_id: str, mime: str, name: str, file: OutFile) -> dict[str, object]:
    """The transcript line's data of a file an operator sent: Meta's id and the kept copy."""
    return {
        "media_id": media_id,
        "mime_type": mime,
        "media_state": "stored",
        "media_file": name,
        "media_type": mime,
        "media_size": len(file.content),
        "filename": file.filename,
    }
