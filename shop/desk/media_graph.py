"""The Graph API's media calls (httpx): a media id's URL, type and size, and its download.

Both carry the token the way every Graph call does (`catalog.graph.auth_headers`): Meta's
download URLs answer 401 without it. The download is streamed and cut off past the cap, so
a file bigger than Meta declared never fills the memory.
"""

from __future__ import annotations

from contextlib import AsyncExitStack

import httpx

from catalog.graph import auth_headers
from shop.clock import Clock
from shop.desk.media import JOB, MediaFetcher, MediaInfo, MediaUnavailable, TooBig
from shop.desk.media_out import OutboundMedia
from shop.desk.service import Desk
from shop.sandbox_mode import credentials
from shop.settings import Settings
from shop.storage.db import Database
from shop.worker import Job


def _check(response: httpx.Response) -> None:
    if not response.is_success:
        status = response.status_code
        raise MediaUnavailable(status, transient=status >= 500 or status == 429)


class GraphMedia:
    """`GET /{media-id}` and the download of its URL; close it with `aclose`."""

    def __init__(self, settings: Settings, *, timeout: float = 30.0) -> None:
        token = credentials(settings).access_token
        self._phone_number_id = settings.whatsapp_phone_number_id or ""
        self._http = httpx.AsyncClient(
            base_url=f"{settings.whatsapp_graph_url}/{settings.whatsapp_api_version}/",
            headers=auth_headers(token, settings.whatsapp_auth_header),
            timeout=httpx.Timeout(timeout, connect=5.0),
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def info(self, media_id: str) -> MediaInfo:
        try:
            response = await self._http.get(media_id)
        except httpx.TransportError as exc:
            raise MediaUnavailable(None, transient=True) from exc
        _check(response)
        body = response.json()
        size = body.get("file_size")
        return MediaInfo(
            url=str(body.get("url") or ""),
            mime_type=str(body.get("mime_type") or ""),
            file_size=int(size) if size is not None else None,
        )

    async def upload(self, content: bytes, mime_type: str, filename: str) -> str:
        """`POST /{phone-number-id}/media` (multipart): the id to send the file by."""
        form = {"messaging_product": "whatsapp", "type": mime_type}
        files = {"file": (filename, content, mime_type)}
        try:
            response = await self._http.post(
                f"{self._phone_number_id}/media", data=form, files=files
            )
        except httpx.TransportError as exc:
            raise MediaUnavailable(None, transient=True) from exc
        _check(response)
        return str(response.json()["id"])

    async def download(self, url: str, limit: int) -> tuple[bytes, str | None]:
        try:
            async with self._http.stream("GET", url) as response:
                _check(response)
                declared = response.headers.get("Content-Length")
                if declared is not None and int(declared) > limit:
                    raise TooBig
                chunks, total = [], 0
                async for chunk in response.aiter_bytes():
                    total += len(chunk)
                    if total > limit:
                        raise TooBig
                    chunks.append(chunk)
                return b"".join(chunks), response.headers.get("Content-Type")
        except httpx.TransportError as exc:
            raise MediaUnavailable(None, transient=True) from exc


def open_media(settings: Settings, stack: AsyncExitStack) -> GraphMedia:
    """The process's one media client, closed with it."""
    source = GraphMedia(settings)
    stack.push_async_callback(source.aclose)
    return source


def media_job(settings: Settings, db: Database, clock: Clock, source: GraphMedia) -> Job:
    """The worker's `desk.media` job."""
    fetcher = MediaFetcher(
        db=db,
        clock=clock,
        source=source,
        directory=settings.media_dir,
        cap=settings.media_max_bytes,
    )
    return Job(JOB, fetcher.run_once, interval=5.0)


def outbound_media(
    settings: Settings, db: Database, clock: Clock, desk: Desk, source: GraphMedia
) -> OutboundMedia:
    """The operators' photos and documents, uploaded through the process's media client."""
    return OutboundMedia(
        db=db,
        clock=clock,
        desk=desk,
        uploader=source,
        directory=settings.media_dir,
        cap=settings.media_max_bytes,
    )
