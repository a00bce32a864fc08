"""Uploaded CSV files go to a temporary file chunk by chunk: never whole into memory."""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import BinaryIO, cast

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
CHUNK = 256 * 1024
MAX_FIELD_BYTES = 4096


class UploadError(Exception):
    """The request carried no usable file; the message is for the merchant."""


@dataclass
class Upload:
    file: BinaryIO
    name: str
    size: int = 0
    fields: dict[str, str] = field(default_factory=dict)

    def close(self) -> None:
        self.file.close()


def _spool(name: str) -> Upload:
    return Upload(cast(BinaryIO, tempfile.TemporaryFile(prefix="vitrina-upload-")), name)


def _write(upload: Upload, chunk: bytes) -> None:
    upload.size += len(chunk)
    if upload.size > MAX_UPLOAD_BYTES:
        upload.close()
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_UPLOAD_BYTES, actual_size=upload.size)
    upload.file.write(chunk)


FieldsCheck = Callable[[dict[str, str]], Awaitable[None]]


async def receive_upload(
    request: web.Request,
    *,
    default_name: str = "upload.csv",
    check_fields: FieldsCheck | None = None,
) -> Upload:
    """The `file` part of a multipart form (fields before it are kept), or the raw body.

    `check_fields` sees the form fields that precede the file (e.g. the CSRF token) and
    may refuse the request before a single byte of the file is stored.
    """
    if request.content_type == "multipart/form-data":
        try:
            return await _multipart(request, check_fields)
        except (ValueError, HttpProcessingError):
            # aiohttp's multipart reader says "malformed" with these (no boundary, bad headers).
            raise UploadError(
                "the multipart form is malformed: send the CSV as the field `file`"
            ) from None
    upload = _spool(request.headers.get("X-File-Name", default_name)[:255])
    async for chunk in request.content.iter_chunked(CHUNK):
        _write(upload, chunk)
    upload.file.seek(0)
    return upload


async def _multipart(request: web.Request, check_fields: FieldsCheck | None) -> Upload:
    reader = await request.multipart()
    fields: dict[str, str] = {}
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "file":
            if check_fields is not None:
                await check_fields(fields)
            upload = _spool(part.filename or "upload.csv")
            upload.fields = fields
            while chunk := await part.read_chunk(CHUNK):
                _write(upload, chunk)
            upload.file.seek(0)
            return upload
        raw = await part.read_chunk(MAX_FIELD_BYTES)
        fields[part.name or ""] = raw.decode("utf-8", errors="replace")
    raise UploadError("no file: send the CSV as the multipart field `file` or as the raw body")
