"""The fake Graph API's media: `GET /{media-id}`, the download URL, the upload of
`POST /{phone-number-id}/media`, and the faults a test queues for them.

As at Meta, the node answers the URL, type and size, and the URL itself wants the token
(401 without it). `POST /control/media` stores a file a shopper will send (JSON with
`mime_type`, `content_base64` or `size`), `POST /control/media/faults` queues one-shot
faults for the next media calls: `{"http_status": 404|500|…}`, `{"delay_ms": n}` (answers
late) or `{"oversize": true}` (the download sends more than declared). `downloads` counts
the files served per media id, for tests that a file is fetched once.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from sandbox.auth import token_of
from sandbox.core import bad_request, json_object
from sandbox.errors import GraphError, sync_error_body

# Media ids are numeric at Meta; the fake's start with 77 so its node route finds them.
ID_PATTERN = r"77\d{14}"


@dataclass
class MediaFile:
    content: bytes
    mime_type: str
    filename: str | None = None


@dataclass
class MediaStore:
    files: dict[str, MediaFile] = field(default_factory=dict)
    faults: deque[dict[str, Any]] = field(default_factory=deque)
    downloads: Counter[str] = field(default_factory=Counter)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add(self, file: MediaFile) -> str:
        media_id = f"77{next(self._ids):014d}"
        self.files[media_id] = file
        return media_id

    def fault(self) -> dict[str, Any]:
        return self.faults.popleft() if self.faults else {}


MEDIA = web.AppKey("sandbox_media", MediaStore)


async def _refused(request: web.Request, fault: dict[str, Any]) -> web.Response | None:
    if "delay_ms" in fault:  # a slow or dead upstream: the caller's timeout decides
        await asyncio.sleep(fault["delay_ms"] / 1000)
    if token_of(request) is None:
        error = GraphError(190, "Invalid OAuth access token - Cannot parse access token")
        return web.json_response(error.body(), status=401)
    status = fault.get("http_status")
    if status:
        return web.json_response(sync_error_body(131000 if status >= 500 else 100), status=status)
    return None


def _file(request: web.Request) -> tuple[str, MediaFile]:
    media_id = request.match_info["media_id"]
    file = request.app[MEDIA].files.get(media_id)
    if file is None:
        raise web.HTTPNotFound(text='{"error":{"code":100}}', content_type="application/json")
    return media_id, file


async def media_node(request: web.Request) -> web.Response:
    """`GET /{media-id}`: the URL, type and size, as Meta answers."""
    refused = await _refused(request, request.app[MEDIA].fault())
    if refused is not None:
        return refused
    media_id, file = _file(request)
    url = request.url.join(request.app.router["sandbox-media-file"].url_for(media_id=media_id))
    return web.json_response(
        {
            "messaging_product": "whatsapp",
            "url": str(url),
            "mime_type": file.mime_type,
            "sha256": "",
            "file_size": len(file.content),
            "id": media_id,
        }
    )


async def media_file(request: web.Request) -> web.Response:
    """The download URL: the bytes, only with the token."""
    fault = request.app[MEDIA].fault()
    refused = await _refused(request, fault)
    if refused is not None:
        return refused
    media_id, file = _file(request)
    request.app[MEDIA].downloads[media_id] += 1
    content = file.content * 3 if fault.get("oversize") else file.content
    return web.Response(body=content, content_type=file.mime_type)


async def upload(request: web.Request) -> web.Response:
    """`POST /{phone-number-id}/media` (multipart: messaging_product, type, file): an id."""
    refused = await _refused(request, request.app[MEDIA].fault())
    if refused is not None:
        return refused
    form = await request.post()
    part = form.get("file")
    if form.get("messaging_product") != "whatsapp" or not isinstance(part, web.FileField):
        error = GraphError(100, "messaging_product=whatsapp and a file are required")
        return web.json_response(error.body(), status=400)
    mime = str(form.get("type") or part.content_type)
    media_id = request.app[MEDIA].add(MediaFile(part.file.read(), mime, part.filename))
    return web.json_response({"id": media_id})


async def control_add(request: web.Request) -> web.Response:
    body = await json_object(request)
    mime = body.get("mime_type")
    if not isinstance(mime, str) or "/" not in mime:
        raise bad_request("mime_type is required, e.g. image/jpeg")
    if "content_base64" in body:
        content = base64.b64decode(str(body["content_base64"]))
    elif isinstance(body.get("size"), int) and body["size"] >= 0:
        content = b"\0" * body["size"]
    else:
        raise bad_request("content_base64 or a size in bytes is required")
    filename = body.get("filename")
    file = MediaFile(content, mime, filename if isinstance(filename, str) else None)
    return web.json_response({"id": request.app[MEDIA].add(file)})


async def control_faults(request: web.Request) -> web.Response:
    body = await json_object(request)
    faults = body.get("next")
    if not isinstance(faults, list) or not all(isinstance(f, dict) for f in faults):
        raise bad_request("next must be a list of faults")
    request.app[MEDIA].faults.extend(faults)
    return web.json_response({"next": list(request.app[MEDIA].faults)})


def setup(app: web.Application) -> None:
    """Before the Graph node route: a media id is a node of its own."""
    app[MEDIA] = MediaStore()
    router = app.router
    router.add_get(f"/graph/{{version}}/{{media_id:{ID_PATTERN}}}", media_node)
    router.add_get(f"/media/{{media_id:{ID_PATTERN}}}", media_file, name="sandbox-media-file")
    router.add_post("/graph/{version}/{phone_number_id}/media", upload)
    router.add_post("/control/media", control_add)
    router.add_post("/control/media/faults", control_faults)
