"""An operator's file from a multipart form (the chat page's and the API's): its fields, then
the `file` part with its type and name, read up to a cap (413 past it)."""

from __future__ import annotations

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from shop.desk.media_out import OutFile
from shop.web.validation import BadInput

CHUNK = 64 * 1024
FIELD_MAX = 8 * 1024


async def read_media_form(request: web.Request, cap: int) -> tuple[dict[str, str], OutFile | None]:
    """The form's text fields and its file (None when no file was chosen); a malformed form
    is a 400 naming `file`."""
    try:
        return await _read_form(request, cap)
    except (ValueError, AssertionError, HttpProcessingError) as exc:
        # aiohttp's multipart reader says "malformed" with these (no boundary, bad headers).
        raise BadInput("file", "the multipart form is malformed") from exc


async def _read_form(request: web.Request, cap: int) -> tuple[dict[str, str], OutFile | None]:
    reader = await request.multipart()
    fields: dict[str, str] = {}
    file: OutFile | None = None
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "file" and part.filename:
            file = OutFile(
                content=await _read(part, cap),
                mime_type=part.headers.get("Content-Type", "application/octet-stream"),
                filename=part.filename[-240:],
            )
        else:
            raw = await part.read_chunk(FIELD_MAX)
            fields[part.name or ""] = raw.decode("utf-8", errors="replace")
    return fields, file


async def _read(part: BodyPartReader, cap: int) -> bytes:
    chunks, total = [], 0
    while chunk := await part.read_chunk(CHUNK):
        total += len(chunk)
        if total > cap:
            raise web.HTTPRequestEntityTooLarge(max_size=cap, actual_size=total)
        chunks.append(chunk)
    return b"".join(chunks)
