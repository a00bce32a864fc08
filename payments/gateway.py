"""The payment port: what the shop asks of a provider, its value objects and failure kinds.

Money is exact (`Money`), datetimes are aware, and every write carries the caller's
idempotence key, persisted before the call so that a retry can reuse it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from catalog.money import Money
from payments.states import PaymentStatus, RefundStatus

KEY_LIMIT = 64
LIST_LIMIT = 100
# YooKassa's payment and refund ids are UUID-like (`2419a771-000f-5000-9000-1edaf29243f2`);
# anything else (a slash, a query, 2 KB of text) never goes into a URL or a column.
_OBJECT_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")


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


class NotAnObjectId(Rejected):
    """The id cannot be one of YooKassa's, so it was never sent; asking again cannot help."""


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


@dataclass(frozen=True)
class RefundPage:
    items: tuple[Refund, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class RefundFilter:
    """Filters of `GET /refunds`, for reconciliation."""

    created_gte: datetime | None = None
    created_lt: datetime | None = None
    payment_id: str | None = None
    limit: int = LIST_LIMIT

    def to_params(self, cursor: str | None) -> dict[str, str]:
        params = PaymentFilter(self.created_gte, self.created_lt, None, self.limit).to_params(
            cursor
        )
        if self.payment_id is not None:
            params["payment_id"] = self.payment_id
        return params


class RefundLedger(Protocol):
    """YooKassa's own list of refunds, for reconciliation."""

    async def list_refunds(
        self, filters: RefundFilter, cursor: str | None = None
    ) -> RefundPage: ...


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


def new_key() -> str:
    """A fresh idempotence key (a V4 UUID, as YooKassa recommends), stored before its call.

    Random rather than derived from our ids: a second installation on the same YooKassa shop,
    or a database restored from a backup, would otherwise repeat `order-1-try-1` within
    YooKassa's 24 hours and be answered with another order's payment.
    """
    return str(uuid.uuid4())


def object_id_fits(value: str | None) -> bool:
    return value is not None and _OBJECT_ID.fullmatch(value) is not None


def check_object_id(value: str) -> str:
    """The id itself, when it can be one of YooKassa's; `NotAnObjectId` otherwise."""
    if not object_id_fits(value):
        raise NotAnObjectId("not a YooKassa object id", parameter="id")
    return value


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


async def list_all_refunds(
    ledger: RefundLedger, filters: RefundFilter, *, max_pages: int = 1000
) -> list[Refund]:
    """Every refund matching `filters`, following `next_cursor` page by page."""
    found: list[Refund] = []
    cursor: str | None = None
    for _ in range(max_pages):
        page = await ledger.list_refunds(filters, cursor)
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return found
    raise OutcomeUnknown(f"more than {max_pages} pages of refunds; narrow the period")
