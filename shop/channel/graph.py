"""The Graph API adapter: pooled httpx connections with timeouts, typed results."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from shop.settings import Settings


@dataclass(frozen=True)
class SendResult:
    """The answer to one `/messages` call: a wamid, or Meta's error (code None = no answer)."""

    wamid: str | None = None
    http_status: int | None = None
    error_code: int | None = None
    error_title: str | None = None

    @property
    def ok(self) -> bool:
        return self.http_status is not None and 200 <= self.http_status < 300


class GraphError(Exception):
    def __init__(self, status: int, code: int | None, title: str | None) -> None:
        super().__init__(f"Graph API error {status} code={code} {title or ''}".strip())
        self.status, self.code, self.title = status, code, title


class MessagesApi(Protocol):
    async def send(self, body: dict[str, Any]) -> SendResult: ...


class TemplatesApi(Protocol):
    async def template_pages(self, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page of `GET /{waba}/message_templates` and the cursor of the next one."""
        ...


def _error_of(response: httpx.Response) -> tuple[int | None, str | None]:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return None, None
    code = error.get("code")
    title = error.get("error_user_title") or error.get("message")
    return (code if isinstance(code, int) else None), (str(title)[:300] if title else None)


class GraphClient:
    """Messages and templates over pooled connections; close it with `aclose`.

    Sends, the shop's busiest outbound traffic, are posted as prebuilt requests straight to
    httpx transports: the client layer around them (URL and header merging, cookies, auth and
    redirect hooks) cost about a quarter of a send's CPU and does nothing a send needs. They are
    spread over several small pools, since httpcore's pool scans every waiting request
    against every connection: one pool of 200 costs milliseconds of CPU per request, 16 pools
    of 4 a fraction of that (see docs/BENCHMARKS.md). Templates, read now and then, go
    through an ordinary client.
    """

    def __init__(
        self, settings: Settings, *, timeout: float = 10.0, shards: int = 16, per_shard: int = 4
    ) -> None:
        token = settings.whatsapp_access_token
        # Sandbox mode has no token; the built-in fake still wants a bearer, as Meta does.
        bearer = f"Bearer {token.get_secret_value() if token else 'sandbox'}"
        base_url = f"{settings.whatsapp_graph_url}/{settings.whatsapp_api_version}/"
        timeouts = httpx.Timeout(timeout, connect=5.0)
        self.phone_number_id = settings.whatsapp_phone_number_id or ""
        self.business_account_id = settings.whatsapp_business_account_id or ""
        self.template_page_size = 100
        self._http = httpx.AsyncClient(
            base_url=base_url, headers={"Authorization": bearer}, timeout=timeouts
        )
        limits = httpx.Limits(max_connections=per_shard, max_keepalive_connections=per_shard)
        self._pools = [httpx.AsyncHTTPTransport(limits=limits) for _ in range(shards)]
        self._turn = itertools.count()
        self.concurrency = shards * per_shard
        self._messages_url = httpx.URL(f"{base_url}{self.phone_number_id}/messages")
        self._send_headers = (
            (b"Authorization", bearer.encode()),
            (b"Content-Type", b"application/json"),
            (b"Accept", b"application/json"),
        )
        self._send_extensions = {"timeout": timeouts.as_dict()}

    async def aclose(self) -> None:
        await self._http.aclose()
        for pool in self._pools:
            await pool.aclose()

    async def send(self, body: dict[str, Any]) -> SendResult:
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        request = httpx.Request(
            "POST",
            self._messages_url,
            headers=self._send_headers,
            content=content,
            extensions=self._send_extensions,
        )
        pool = self._pools[next(self._turn) % len(self._pools)]
        try:
            response = await pool.handle_async_request(request)
            try:
                await response.aread()
            finally:
                await response.aclose()
        except httpx.HTTPError:
            # Timeouts and broken connections: the message may or may not have been accepted.
            return SendResult()
        if response.is_success:
            messages = response.json().get("messages") or [{}]
            return SendResult(wamid=messages[0].get("id"), http_status=response.status_code)
        code, title = _error_of(response)
        return SendResult(http_status=response.status_code, error_code=code, error_title=title)

    async def template_pages(self, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        params = {"limit": str(self.template_page_size), **({"after": after} if after else {})}
        response = await self._http.get(
            f"{self.business_account_id}/message_templates", params=params
        )
        if not response.is_success:
            raise GraphError(response.status_code, *_error_of(response))
        data = response.json()
        paging = data.get("paging") or {}
        cursor = (paging.get("cursors") or {}).get("after") if paging.get("next") else None
        return list(data.get("data") or []), cursor
