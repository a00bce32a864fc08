"""The Graph catalog adapter (httpx): items_batch and check_batch_request_status, with retries."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

log = logging.getLogger(__name__)

AUTH_CODES = frozenset({0, 10, 102, 190, *range(200, 300)})
TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 341, 613, 80004, 80008, 80014})
RETRY_DELAYS = (0.5, 2.0, 5.0)


class GraphError(Exception):
    """A Graph API failure, of the catalog or of WhatsApp's templates: `auth` ones stop the
    catalog sync, `transient` ones were retried. `code` is Meta's, None when the answer
    carried none."""

    def __init__(self, status: int, code: int | None, message: str | None) -> None:
        coded = "" if code is None else f", code {code}"
        super().__init__(f"HTTP {status}{coded}: {message or ''}")
        self.status, self.code, self.message = status, code, message or ""

    @property
    def auth(self) -> bool:
        return self.status in (401, 403) or self.code in AUTH_CODES

    @property
    def transient(self) -> bool:
        return not self.auth and (
            self.status >= 500 or self.status == 429 or self.code in TRANSIENT_CODES
        )


@dataclass(frozen=True)
class BatchStatus:
    status: str  # lower case: started, finished, error, canceled…
    errors: dict[str, str] = field(default_factory=dict)  # retailer id → Meta's message
    invalid_ids: frozenset[str] = frozenset()

    @property
    def done(self) -> bool:
        return self.status in ("finished", "error", "canceled", "cancelled")


class CatalogApi(Protocol):
    async def items_batch(self, requests: list[dict[str, Any]]) -> str: ...

    async def batch_status(self, handle: str) -> BatchStatus: ...


def parse_status(body: dict[str, Any]) -> BatchStatus:
    """Meta answers `{"data":[{…}]}`; a flat object is accepted too."""
    entry = (body.get("data") or [{}])[0] if "data" in body else body
    errors: dict[str, str] = {}
    for error in entry.get("errors") or []:
        rid = error.get("id") or error.get("retailer_id")
        if rid:
            errors.setdefault(str(rid), str(error.get("message", "rejected by Meta")))
    invalid = frozenset(str(i) for i in entry.get("ids_of_invalid_requests") or []) | set(errors)
    return BatchStatus(str(entry.get("status", "")).lower(), errors, invalid)


class GraphCatalogApi:
    """Talks to `{graph_url}/{version}/{catalog_id}/…` with a bearer token."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        catalog_id: str,
        version: str,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client, self.catalog_id, self.version, self.sleep = client, catalog_id, version, sleep

    async def _call(self, method: str, edge: str, **kwargs: Any) -> dict[str, Any]:
        url = f"/{self.version}/{self.catalog_id}/{edge}"
        for attempt, delay in enumerate((*RETRY_DELAYS, None)):
            try:
                response = await self.client.request(method, url, **kwargs)
                if response.status_code < 400:
                    body: dict[str, Any] = response.json()
                    return body
                error = _error_of(response)
            except (httpx.HTTPError, ValueError) as exc:
                # Network trouble or a garbled answer: both are worth another try.
                error = GraphError(599, 2, f"network: {type(exc).__name__}")
            if not error.transient or delay is None:
                raise error
            log.warning(
                "graph retry", extra={"edge": edge, "attempt": attempt + 1, "code": error.code}
            )
            await self.sleep(delay)
        raise AssertionError("unreachable")

    async def items_batch(self, requests: list[dict[str, Any]]) -> str:
        body = {"item_type": "PRODUCT_ITEM", "allow_upsert": True, "requests": requests}
        answer = await self._call("POST", "items_batch", json=body)
        return str(answer["handles"][0])

    async def batch_status(self, handle: str) -> BatchStatus:
        params = {"handle": handle, "load_ids_of_invalid_requests": "true"}
        return parse_status(await self._call("GET", "check_batch_request_status", params=params))


def _error_of(response: httpx.Response) -> GraphError:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {}
    return GraphError(
        response.status_code, int(error.get("code", -1)), str(error.get("message", ""))[:300]
    )


BEARER_HEADER = "Authorization"


def auth_headers(token: str, header: str = BEARER_HEADER) -> dict[str, str]:
    """How every Graph call carries its token: Meta's `Authorization: Bearer <token>`, or a
    reseller's own header (360dialog's `D360-API-KEY`) with the bare key."""
    if header.lower() == BEARER_HEADER.lower():
        return {BEARER_HEADER: f"Bearer {token}"}
    return {header: token}


def graph_client(
    base_url: str, token: str, timeout: float = 30.0, *, header: str = BEARER_HEADER
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url, headers=auth_headers(token, header), timeout=timeout
    )
