"""An httpx transport over aiohttp's connection pool, for the busiest client: Graph sends.

httpx stays the client API (base URL, headers, typed errors, `httpx.Response`); only the wire
work moves. httpcore's pool costs about a millisecond of CPU per request on this kind of
machine, aiohttp's about a tenth of that (docs/BENCHMARKS.md), and a storefront sends a few
messages for every message it receives.

Errors keep httpx's types, so callers catch `httpx.HTTPError` as before: a timeout is an
`httpx.TimeoutException` (connect or read), a refused or broken connection an
`httpx.ConnectError` or `httpx.NetworkError`.
"""

from __future__ import annotations

import aiohttp
import httpx


def _client_timeout(request: httpx.Request, default: httpx.Timeout) -> aiohttp.ClientTimeout:
    """httpx's per-request timeouts (its `timeout` extension) in aiohttp's terms."""
    given = request.extensions.get("timeout") or default.as_dict()
    return aiohttp.ClientTimeout(
        total=None,
        connect=given.get("connect"),
        sock_connect=given.get("connect"),
        sock_read=given.get("read"),
    )


class AiohttpTransport(httpx.AsyncBaseTransport):
    """`httpx.AsyncClient(transport=AiohttpTransport(limit=64))`; closed with the client."""

    def __init__(self, *, limit: int, timeout: httpx.Timeout | None = None) -> None:
        self.limit = limit
        self.timeout = timeout or httpx.Timeout(10.0)
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # Made on first use, inside the running event loop that will use it.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.limit, limit_per_host=self.limit),
                auto_decompress=False,  # httpx decodes by Content-Encoding itself
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._open()
        body = await request.aread()
        try:
            async with session.request(
                request.method,
                str(request.url),
                data=body or None,
                headers=list(request.headers.multi_items()),
                allow_redirects=False,
                timeout=_client_timeout(request, self.timeout),
            ) as answer:
                content = await answer.read()
        except TimeoutError as exc:
            raise httpx.ReadTimeout("timed out", request=request) from exc
        except aiohttp.ClientConnectorError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        except aiohttp.ClientError as exc:
            raise httpx.NetworkError(str(exc), request=request) from exc
        return httpx.Response(
            answer.status, headers=answer.raw_headers, content=content, request=request
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
