"""The Graph API adapter: pooled connections with timeouts, typed results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp
import httpx
from yarl import URL

# One error class for every Graph call; re-exported for the client's callers.
from catalog.graph import GraphError as GraphError
from catalog.graph import auth_headers
from shop.sandbox_mode import credentials
from shop.settings import Settings


@dataclass(frozen=True)
class SendResult:
    """The answer to one `/messages` call: a wamid, or Meta's error (code None = no answer)."""

    wamid: str | None = None
    http_status: int | None = None
    error_code: int | None = None
    error_title: str | None = None
    in_doubt: bool = False  # the request went out but no answer came: Meta may have it

    @property
    def ok(self) -> bool:
        return self.http_status is not None and 200 <= self.http_status < 300


class MessagesApi(Protocol):
    async def send_json(self, content: bytes) -> SendResult:
        """Post one `/messages` body, already encoded as JSON."""
        ...


class TemplatesApi(Protocol):
    async def template_pages(self, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page of `GET /{waba}/message_templates` and the cursor of the next one."""
        ...


def _error_of(payload: bytes) -> tuple[int | None, str | None]:
    """Meta's error code and the title to show, from an error response's body."""
    try:
        error = json.loads(payload).get("error") or {}
    except (ValueError, AttributeError):
        return None, None
    code = error.get("code")
    title = error.get("error_user_title") or error.get("message")
    return (code if isinstance(code, int) else None), (str(title)[:300] if title else None)


def graph_auth(settings: Settings) -> dict[str, str]:
    """The token's header of every Graph call (WHATSAPP_AUTH_HEADER). Sandbox mode has no
    token; the built-in fake still wants one, as Meta does."""
    return auth_headers(credentials(settings).access_token, settings.whatsapp_auth_header)


class GraphClient:
    """Messages and templates over pooled connections; close it with `aclose`.

    Sends, the shop's busiest outbound traffic, go through aiohttp's client: its connection
    pool and C-accelerated HTTP parser cost a fraction of httpx's CPU per request (see
    docs/BENCHMARKS.md), and a turn of a conversation sends one to three messages. Its
    session is made on the first send, inside the running event loop. Templates, read now and
    then, go through an ordinary httpx client.
    """

    def __init__(self, settings: Settings, *, timeout: float = 10.0, connections: int = 64) -> None:
        auth = graph_auth(settings)
        base_url = f"{settings.whatsapp_graph_url}/{settings.whatsapp_api_version}/"
        self.phone_number_id = settings.whatsapp_phone_number_id or ""
        self.business_account_id = settings.whatsapp_business_account_id or ""
        self.template_page_size = 100
        self._http = httpx.AsyncClient(
            base_url=base_url,
            headers=auth,
            timeout=httpx.Timeout(timeout, connect=5.0),
        )
        self.concurrency = connections
        self._messages_url = URL(f"{base_url}{self.phone_number_id}/messages")
        self._send_headers = {
            **auth,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self._send_timeout = aiohttp.ClientTimeout(total=timeout, connect=5.0)
        self._sends: aiohttp.ClientSession | None = None

    def _session(self) -> aiohttp.ClientSession:
        if self._sends is None:
            self._sends = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.concurrency),
                headers=self._send_headers,
                timeout=self._send_timeout,
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._sends

    async def aclose(self) -> None:
        await self._http.aclose()
        if self._sends is not None:
            await self._sends.close()
            self._sends = None

    async def send(self, body: dict[str, Any]) -> SendResult:
        return await self.send_json(json.dumps(body, ensure_ascii=False).encode())

    async def send_json(self, content: bytes) -> SendResult:
        try:
            async with self._session().post(self._messages_url, data=content) as response:
                status = response.status
                payload = await response.read()
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError):
            return SendResult()  # no connection: the request never left
        except (aiohttp.ClientError, TimeoutError):
            # Timeouts and broken connections: the message may or may not have been accepted.
            return SendResult(in_doubt=True)
        if 200 <= status < 300:
            try:
                messages = json.loads(payload).get("messages") or [{}]
            except (ValueError, AttributeError):
                messages = [{}]
            return SendResult(wamid=messages[0].get("id"), http_status=status)
        code, title = _error_of(payload)
        return SendResult(http_status=status, error_code=code, error_title=title)

    async def template_pages(self, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        params = {"limit": str(self.template_page_size), **({"after": after} if after else {})}
        response = await self._http.get(
            f"{self.business_account_id}/message_templates", params=params
        )
        if not response.is_success:
            raise GraphError(response.status_code, *_error_of(response.content))
        data = response.json()
        paging = data.get("paging") or {}
        cursor = (paging.get("cursors") or {}).get("after") if paging.get("next") else None
        return list(data.get("data") or []), cursor

    async def create_template(self, body: dict[str, Any]) -> dict[str, Any]:
        """`POST /{waba}/message_templates`: Meta's answer (`id`, `status`, `category`), or
        GraphError with Meta's title for the refusal."""
        response = await self._http.post(f"{self.business_account_id}/message_templates", json=body)
        if not response.is_success:
            raise GraphError(response.status_code, *_error_of(response.content))
        return dict(response.json())
