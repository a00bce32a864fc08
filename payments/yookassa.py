"""YooKassa REST adapter on httpx: real timeouts, our idempotence keys, exact amounts."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import httpx

from catalog.money import Money
from payments.states import PaymentStatus, RefundStatus, parse_payment_status, parse_refund_status

log = logging.getLogger(__name__)

KEY_LIMIT = 64
LIST_LIMIT = 100
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=3.05)


class GatewayError(Exception):
    """A call that did not succeed; subclasses say whether the same key may be reused."""

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        code: str | None = None,
        description: str | None = None,
        parameter: str | None = None,
        error_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.code = code
        self.description = description
        self.parameter = parameter
        self.error_id = error_id


class OutcomeUnknown(GatewayError):
    """500, 429, 202, a timeout or a broken connection: retry with the SAME idempotence key."""


class Rejected(GatewayError):
    """4xx: YooKassa refused the request; a new attempt needs a fixed request and a NEW key."""


@dataclass(frozen=True)
class PaymentRequest:
    """A one-stage payment with a redirect confirmation."""

    amount: Money
    description: str
    return_url: str
    metadata: Mapping[str, str] = field(default_factory=dict)
    receipt: Mapping[str, Any] | None = None
    capture: bool = True

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "amount": amount_json(self.amount),
            "capture": self.capture,
            "confirmation": {"type": "redirect", "return_url": self.return_url},
            "description": self.description,
            "metadata": dict(self.metadata),
        }
        if self.receipt is not None:
            body["receipt"] = dict(self.receipt)
        return body


@dataclass(frozen=True)
class RefundRequest:
    payment_id: str
    amount: Money
    description: str | None = None
    receipt: Mapping[str, Any] | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {"payment_id": self.payment_id, "amount": amount_json(self.amount)}
        if self.description:
            body["description"] = self.description
        if self.receipt is not None:
            body["receipt"] = dict(self.receipt)
        if self.metadata:
            body["metadata"] = dict(self.metadata)
        return body


@dataclass(frozen=True)
class Payment:
    """A payment as YooKassa reports it, in our own exact types."""

    id: str
    status: PaymentStatus | None
    raw_status: str
    amount: Money
    income_amount: Money | None
    refunded_amount: Money | None
    paid: bool
    refundable: bool
    test: bool
    confirmation_url: str | None
    cancellation_party: str | None
    cancellation_reason: str | None
    metadata: Mapping[str, str]
    description: str | None
    created_at: datetime
    captured_at: datetime | None
    expires_at: datetime | None

    @property
    def order_id(self) -> str | None:
        return self.metadata.get("order_id")


@dataclass(frozen=True)
class Refund:
    id: str
    payment_id: str
    status: RefundStatus | None
    raw_status: str
    amount: Money
    created_at: datetime
    cancellation_reason: str | None
    description: str | None


@dataclass(frozen=True)
class PaymentPage:
    items: tuple[Payment, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class PaymentFilter:
    """Filters of `GET /payments`; bounds are aware datetimes, sent as ISO-8601 UTC."""

    created_gte: datetime | None = None
    created_lt: datetime | None = None
    status: PaymentStatus | None = None
    limit: int = LIST_LIMIT

    def to_params(self, cursor: str | None) -> dict[str, str]:
        params: dict[str, str] = {"limit": str(min(max(self.limit, 1), LIST_LIMIT))}
        if self.created_gte is not None:
            params["created_at.gte"] = iso_utc(self.created_gte)
        if self.created_lt is not None:
            params["created_at.lt"] = iso_utc(self.created_lt)
        if self.status is not None:
            params["status"] = str(self.status)
        if cursor:
            params["cursor"] = cursor
        return params


class PaymentGateway(Protocol):
    """What the shop needs from a payment provider."""

    async def create_payment(self, request: PaymentRequest, *, key: str) -> Payment: ...
    async def get_payment(self, payment_id: str) -> Payment: ...
    async def list_payments(
        self, filters: PaymentFilter, cursor: str | None = None
    ) -> PaymentPage: ...
    async def cancel_payment(self, payment_id: str, *, key: str) -> Payment: ...
    async def create_refund(self, request: RefundRequest, *, key: str) -> Refund: ...
    async def get_refund(self, refund_id: str) -> Refund: ...


def amount_json(money: Money) -> dict[str, str]:
    """Amounts leave as pre-quantized two-decimal strings, never through float."""
    return {"value": money.api_value(), "currency": money.currency}


def iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("filter bounds must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_key(key: str) -> str:
    if not key or len(key) > KEY_LIMIT:
        raise ValueError(f"an idempotence key has 1 to {KEY_LIMIT} characters")
    return key


class YooKassaClient:
    """The REST API over one pooled httpx client; close it with `aclose()`."""

    def __init__(
        self,
        *,
        api_url: str,
        shop_id: str,
        secret_key: str,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=api_url.rstrip("/") + "/",
            auth=httpx.BasicAuth(shop_id, secret_key),
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json"},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def create_payment(self, request: PaymentRequest, *, key: str) -> Payment:
        body = await self._call("POST", "payments", json=request.to_api(), key=key)
        return parse_payment(body)

    async def get_payment(self, payment_id: str) -> Payment:
        return parse_payment(await self._call("GET", f"payments/{_segment(payment_id)}"))

    async def list_payments(self, filters: PaymentFilter, cursor: str | None = None) -> PaymentPage:
        body = await self._call("GET", "payments", params=filters.to_params(cursor))
        items = tuple(parse_payment(item) for item in body.get("items") or ())
        return PaymentPage(items=items, next_cursor=body.get("next_cursor") or None)

    async def cancel_payment(self, payment_id: str, *, key: str) -> Payment:
        path = f"payments/{_segment(payment_id)}/cancel"
        return parse_payment(await self._call("POST", path, json={}, key=key))

    async def create_refund(self, request: RefundRequest, *, key: str) -> Refund:
        return parse_refund(await self._call("POST", "refunds", json=request.to_api(), key=key))

    async def get_refund(self, refund_id: str) -> Refund:
        return parse_refund(await self._call("GET", f"refunds/{_segment(refund_id)}"))

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        key: str | None = None,
    ) -> dict[str, Any]:
        headers = {"Idempotence-Key": check_key(key)} if key is not None else {}
        try:
            response = await self._http.request(
                method, path, json=json, params=params, headers=headers
            )
        except httpx.TimeoutException as exc:
            log.warning("yookassa %s %s timed out", method, path.split("/")[0])
            raise OutcomeUnknown(f"timeout: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            log.warning("yookassa %s %s connection failed", method, path.split("/")[0])
            raise OutcomeUnknown(f"connection error: {type(exc).__name__}") from exc
        return classify(response)


def _segment(value: str) -> str:
    if not value or "/" in value or "?" in value or "#" in value:
        raise ValueError("not a YooKassa object id")
    return value


def classify(response: httpx.Response) -> dict[str, Any]:
    """The body of a 200, or the right GatewayError for anything else."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    if status == 200 and isinstance(body, dict):
        return body
    details: dict[str, Any] = body if isinstance(body, dict) else {}
    # 4xx means "refused, fix and use a new key" — except 429, which is a rate limit
    # on a request that was not processed, so the same key is still the right one.
    kind = Rejected if 400 <= status < 500 and status != 429 else OutcomeUnknown
    code = _text(details.get("code"))
    raise kind(
        f"YooKassa answered {status} {code or ''}".rstrip(),
        http_status=status,
        code=code,
        description=_text(details.get("description")),
        parameter=_text(details.get("parameter")),
        error_id=_text(details.get("id")),
    )


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def _money(value: Any) -> Money | None:
    if not isinstance(value, dict) or "value" not in value:
        return None
    try:
        return Money(amount=Decimal(str(value["value"])), currency=value.get("currency", "RUB"))
    except (InvalidOperation, ValueError):
        return None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("YooKassa timestamps are UTC with a zone")
    return moment


def parse_payment(body: Mapping[str, Any]) -> Payment:
    """A payment object (API response or notification `object`) → Payment."""
    amount = _money(body.get("amount"))
    created_at = _when(body.get("created_at"))
    if not body.get("id") or amount is None or created_at is None:
        raise OutcomeUnknown("YooKassa returned a payment without id, amount or created_at")
    confirmation = body.get("confirmation") or {}
    cancellation = body.get("cancellation_details") or {}
    raw_status = str(body.get("status", ""))
    metadata = body.get("metadata") or {}
    return Payment(
        id=str(body["id"]),
        status=parse_payment_status(raw_status),
        raw_status=raw_status,
        amount=amount,
        income_amount=_money(body.get("income_amount")),
        refunded_amount=_money(body.get("refunded_amount")),
        paid=bool(body.get("paid", False)),
        refundable=bool(body.get("refundable", False)),
        test=bool(body.get("test", False)),
        confirmation_url=confirmation.get("confirmation_url"),
        cancellation_party=cancellation.get("party"),
        cancellation_reason=cancellation.get("reason"),
        metadata={str(k): str(v) for k, v in metadata.items()},
        description=body.get("description"),
        created_at=created_at,
        captured_at=_when(body.get("captured_at")),
        expires_at=_when(body.get("expires_at")),
    )


def parse_refund(body: Mapping[str, Any]) -> Refund:
    amount = _money(body.get("amount"))
    created_at = _when(body.get("created_at"))
    if not body.get("id") or not body.get("payment_id") or amount is None or created_at is None:
        raise OutcomeUnknown("YooKassa returned a refund without id, payment, amount or date")
    raw_status = str(body.get("status", ""))
    return Refund(
        id=str(body["id"]),
        payment_id=str(body["payment_id"]),
        status=parse_refund_status(raw_status),
        raw_status=raw_status,
        amount=amount,
        created_at=created_at,
        cancellation_reason=(body.get("cancellation_details") or {}).get("reason"),
        description=body.get("description"),
    )


async def list_all_payments(
    gateway: PaymentGateway, filters: PaymentFilter, *, max_pages: int = 1000
) -> list[Payment]:
    """Every payment matching `filters`, following `next_cursor` page by page."""
    found: list[Payment] = []
    cursor: str | None = None
    for _ in range(max_pages):
        page = await gateway.list_payments(filters, cursor)
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return found
    raise OutcomeUnknown(f"more than {max_pages} pages of payments; narrow the period")
