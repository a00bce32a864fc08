"""Uploaded CSV files go to a temporary file chunk by chunk: never whole into memory."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import BinaryIO, cast

from aiohttp import BodyPartReader, web

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


async def receive_upload(request: web.Request, *, default_name: str = "upload.csv") -> Upload:
    """The `file` part of a multipart form (fields before it are kept), or the raw body."""
    if request.content_type == "multipart/form-data":
        return await _multipart(request)
    upload = _spool(request.headers.get("X-File-Name", default_name)[:255])
    async for chunk in request.content.iter_chunked(CHUNK):
        _write(upload, chunk)
    upload.file.seek(0)
    return upload


async def _multipart(request: web.Request) -> Upload:
    reader = await request.multipart()
    fields: dict[str, str] = {}
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "file":
            upload = _spool(part.filename or "upload.csv")
            upload.fields = fields
            while chunk := await part.read_chunk(CHUNK):
                _write(upload, chunk)
            upload.file.seek(0)
            return upload
        raw = await part.read_chunk(MAX_FIELD_BYTES)
        fields[part.name or ""] = raw.decode("utf-8", errors="replace")
    raise UploadError("no file: send the CSV as the multipart field `file` or as the raw body")
