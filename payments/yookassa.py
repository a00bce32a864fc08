"""YooKassa REST adapter on httpx: real timeouts, our idempotence keys, exact amounts.

Why not the official SDK: it is synchronous, has no socket timeout, keeps its configuration
in global class state and sends amounts through float (see docs/ARCHITECTURE.md, Payments).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from catalog.money import Money
from payments.gateway import (
    GatewayError,
    OutcomeUnknown,
    Payment,
    PaymentFilter,
    PaymentGateway,
    PaymentPage,
    PaymentRequest,
    Refund,
    RefundFilter,
    RefundPage,
    RefundRequest,
    Rejected,
    check_key,
    check_object_id,
    list_all_payments,
    list_all_refunds,
    new_key,
)
from payments.receipts_api import FiscalReceipt, parse_receipt
from payments.states import parse_payment_status, parse_refund_status

# The port's names are re-exported so callers may import everything from the adapter module.
__all__ = [
    "DEFAULT_TIMEOUT",
    "GatewayError",
    "OutcomeUnknown",
    "Payment",
    "PaymentFilter",
    "PaymentGateway",
    "PaymentPage",
    "PaymentRequest",
    "Refund",
    "RefundFilter",
    "RefundPage",
    "RefundRequest",
    "Rejected",
    "YooKassaClient",
    "classify",
    "list_all_payments",
    "list_all_refunds",
    "new_key",
    "parse_payment",
    "parse_refund",
]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=3.05)


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
        return parse_payment(await self._call("GET", f"payments/{check_object_id(payment_id)}"))

    async def list_payments(self, filters: PaymentFilter, cursor: str | None = None) -> PaymentPage:
        body = await self._call("GET", "payments", params=filters.to_params(cursor))
        items = tuple(parse_payment(item) for item in body.get("items") or ())
        return PaymentPage(items=items, next_cursor=body.get("next_cursor") or None)

    async def cancel_payment(self, payment_id: str, *, key: str) -> Payment:
        path = f"payments/{check_object_id(payment_id)}/cancel"
        return parse_payment(await self._call("POST", path, json={}, key=key))

    async def create_refund(self, request: RefundRequest, *, key: str) -> Refund:
        return parse_refund(await self._call("POST", "refunds", json=request.to_api(), key=key))

    async def list_refunds(self, filters: RefundFilter, cursor: str | None = None) -> RefundPage:
        body = await self._call("GET", "refunds", params=filters.to_params(cursor))
        items = tuple(parse_refund(item) for item in body.get("items") or ())
        return RefundPage(items=items, next_cursor=body.get("next_cursor") or None)

    async def get_refund(self, refund_id: str) -> Refund:
        return parse_refund(await self._call("GET", f"refunds/{check_object_id(refund_id)}"))

    async def create_receipt(self, body: Mapping[str, Any], *, key: str) -> FiscalReceipt:
        """`POST /receipts`: a settlement receipt, keyed like every write."""
        return parse_receipt(await self._call("POST", "receipts", json=dict(body), key=key))

    async def get_receipt(self, receipt_id: str) -> FiscalReceipt:
        return parse_receipt(await self._call("GET", f"receipts/{check_object_id(receipt_id)}"))

    async def list_receipts(self, payment_id: str) -> tuple[FiscalReceipt, ...]:
        """`GET /receipts?payment_id=…`: every receipt of a payment."""
        params = {"payment_id": check_object_id(payment_id), "limit": "100"}
        body = await self._call("GET", "receipts", params=params)
        return tuple(parse_receipt(item) for item in body.get("items") or ())

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
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    # YooKassa writes UTC with a `Z`; a zoneless stamp is read as UTC rather than guessed local.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


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
