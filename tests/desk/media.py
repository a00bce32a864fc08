"""Helpers of the media tests: a rig with a media directory and staff sign-in, a shopper's
file put in the fake Graph, the `desk.media` job."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from shop.desk.media import JOB
from tests.chat.chat import Shopper
from tests.desk.desk import lines
from tests.orders.test_merchant import field
from tests.web.conftest import ADMIN_TOKEN
from tests.whatsapp.rig import Rig

# The smallest PNG: one transparent pixel.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PASSWORD = "a-long-staff-password"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain PNG of one colour, big enough to see on a screenshot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\0" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(row * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def put_media(rig: Rig, mime: str, content: bytes | None = None, size: int = 0) -> str:
    """A file the shopper is about to send, kept by the fake Graph; its media id."""
    body: dict[str, Any] = {"mime_type": mime}
    if content is not None:
        body["content_base64"] = base64.b64encode(content).decode()
    else:
        body["size"] = size
    answer = await rig.control("POST", "media", body)
    return str(answer["id"])


async def send_media(shopper: Shopper, kind: str, media_id: str, mime: str, **extra: str) -> int:
    """The shopper sends the file; the id of its transcript line."""
    await shopper.send({"type": kind, kind: {"id": media_id, "mime_type": mime, **extra}})
    (line,) = [line for line in await lines(shopper.rig) if line.data.get("media_id") == media_id]
    return line.id


async def fetch(rig: Rig) -> int:
    (job,) = [job for job in rig.services.jobs if job.name == JOB]
    return await job.run_once()


async def data_of(rig: Rig, line_id: int) -> dict[str, Any]:
    (line,) = [line for line in await lines(rig) if line.id == line_id]
    return dict(line.data)


def media_dir(rig: Rig) -> Path:
    return Path(rig.services.settings.media_dir)


@asynccontextmanager
async def signed_in(
    rig: Rig, name: str = "", password: str = ADMIN_TOKEN
) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client signed in on the rig's shop (the admin token is the owner)."""
    async with httpx.AsyncClient(base_url=str(rig.client.make_url("/"))) as client:
        page = await client.get("/admin/login")
        form = {"csrf": field(page.text, "csrf"), "name": name, "token": password}
        answer = await client.post("/admin/login", data={**form, "next": "/admin"})
        assert answer.status_code == 303, answer.text
        yield client
