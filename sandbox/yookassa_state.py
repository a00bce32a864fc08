"""The fake YooKassa's books: payments, refunds, idempotence keys and a movable clock (no HTTP)."""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
FEE_RATE = Decimal("0.035")
LINK_LIFETIME = timedelta(hours=1)
KEY_LIMIT = 64
KEY_MEMORY = timedelta(hours=24)
_AMOUNT = re.compile(r"^\d{1,15}(\.\d{1,2})?$")

Notification = tuple[str, dict[str, Any]]  # (event, object)


class ApiFailure(Exception):
    """An error answer of the API: HTTP status, YooKassa code, description, parameter."""

    def __init__(self, status: int, code: str, description: str, parameter: str | None = None):
        super().__init__(description)
        self.status, self.code, self.description, self.parameter = (
            status,
            code,
            description,
            parameter,
        )

    def body(self) -> dict[str, Any]:
        body = {
            "type": "error",
            "id": str(uuid.uuid4()),
            "code": self.code,
            "description": self.description,
        }
        if self.parameter:
            body["parameter"] = self.parameter
        return body


def bad(description: str, parameter: str | None = None) -> ApiFailure:
    return ApiFailure(400, "invalid_request", description, parameter)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str, parameter: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise bad(f"Invalid date {text!r}", parameter) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def money(value: Any, parameter: str) -> Decimal:
    """An `{"value": "10.00", "currency": "RUB"}` object → Decimal, refusing anything else."""
    if not isinstance(value, dict) or value.get("currency") != "RUB":
        raise bad("Amount must be an object with value and currency RUB", parameter)
    text = value.get("value")
    if not isinstance(text, str | int) or not _AMOUNT.match(str(text)):
        raise bad("Amount value must be a decimal string with at most 2 decimals", parameter)
    amount = Decimal(str(text))
    if amount <= 0:
        raise bad("Amount must be positive", parameter)
    return amount


def rub(amount: Decimal) -> dict[str, str]:
    return {"value": f"{amount.quantize(CENT):.2f}", "currency": "RUB"}


def _check_metadata(metadata: Any) -> None:
    if metadata is None:
        return
    if not isinstance(metadata, dict) or len(metadata) > 16:
        raise bad("Metadata holds at most 16 keys", "metadata")
    for key, value in metadata.items():
        if len(str(key)) > 32 or len(str(value)) > 512:
            raise bad("Metadata keys are ≤32 and values ≤512 characters", "metadata")


def check_receipt(receipt: Any, amount: Decimal) -> None:
    """The 54-FZ checks our merchant code relies on, including Σ price×quantity = amount."""
    if receipt is None:
        return
    customer = (receipt or {}).get("customer") or {}
    if not (customer.get("phone") or customer.get("email")):
        raise bad("Receipt needs customer phone or email", "receipt.customer")
    items = receipt.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= 100:
        raise bad("Receipt needs 1 to 100 items", "receipt.items")
    total = Decimal(0)
    for item in items:
        if not 0 < len(str(item.get("description", ""))) <= 128:
            raise bad("Item description must be 1 to 128 characters", "receipt.items.description")
        if item.get("vat_code") not in range(1, 13) and receipt.get("tax_system_code") is None:
            raise bad("Item vat_code must be 1 to 12", "receipt.items.vat_code")
        try:
            quantity = Decimal(str(item.get("quantity")))
        except InvalidOperation:
            raise bad("Item quantity is not a number", "receipt.items.quantity") from None
        total += money(item.get("amount"), "receipt.items.amount") * quantity
    if total != amount:
        raise bad("Sum of receipt items does not match the payment amount", "receipt.items")


def _cursor(payment: dict[str, Any]) -> str:
    raw = f"{payment['created_at']}|{payment['id']}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _uncursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created_at, payment_id = raw.split("|", 1)
    except (ValueError, UnicodeDecodeError):
        raise bad("Invalid cursor", "cursor") from None
    return created_at, payment_id


@dataclass
class Books:
    """Everything the fake YooKassa remembers."""

    base_url: str = ""
    offset: timedelta = timedelta(0)
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    return_urls: dict[str, str] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    receipts: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, tuple[datetime, str, Any, dict[str, Any]]] = field(default_factory=dict)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def remember(self, key: str | None, path: str, body: Any) -> dict[str, Any] | None:
        """The stored answer for a repeated key, None for a fresh one; a changed body is refused."""
        if not key:
            raise bad("Idempotence-Key header is required", "Idempotence-Key")
        if len(key) > KEY_LIMIT:
            raise bad("Idempotence key is too long (max 64)", "Idempotence-Key")
        if key not in self.keys:
            return None
        seen_at, seen_path, seen_body, answer = self.keys[key]
        if self.now() - seen_at > KEY_MEMORY:
            del self.keys[key]  # after 24 h YooKassa treats the key as new
            return None
        if (seen_path, seen_body) != (path, body):
            raise bad("Idempotence key duplicated", "Idempotence-Key")
        return answer

    def store(self, key: str, path: str, body: Any, answer: dict[str, Any]) -> None:
        self.keys[key] = (self.now(), path, body, answer)

    def payment(self, payment_id: str) -> dict[str, Any]:
        if payment_id not in self.payments:
            raise ApiFailure(404, "not_found", "Payment not found", "payment_id")
        return self.payments[payment_id]

    def create_payment(self, body: dict[str, Any], confirm_base: str) -> dict[str, Any]:
        amount = money(body.get("amount"), "amount")
        description = body.get("description")
        if description is not None and len(str(description)) > 128:
            raise bad("Description is longer than 128 characters", "description")
        _check_metadata(body.get("metadata"))
        check_receipt(body.get("receipt"), amount)
        payment_id = str(uuid.uuid4())
        payment: dict[str, Any] = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": rub(amount),
            "recipient": {"account_id": "sandbox", "gateway_id": "sandbox"},
            "created_at": iso(self.now()),
            "test": True,
            "refunded_amount": rub(Decimal(0)),
            "refundable": False,
            "metadata": dict(body.get("metadata") or {}),
        }
        if description is not None:
            payment["description"] = description
        if body.get("receipt") is not None:
            payment["receipt_registration"] = "pending"
        confirmation = body.get("confirmation")
        if isinstance(confirmation, dict):
            if confirmation.get("type") != "redirect" or not confirmation.get("return_url"):
                raise bad("Only redirect confirmation with a return_url is faked", "confirmation")
            self.return_urls[payment_id] = str(confirmation["return_url"])
            payment["confirmation"] = {
                "type": "redirect",
                "return_url": confirmation["return_url"],
                "confirmation_url": f"{confirm_base}/confirm/{payment_id}",
            }
        payment["_capture"] = bool(body.get("capture", False))
        self.payments[payment_id] = payment
        return payment

    def expire(self) -> list[Notification]:
        """Links lapse an hour after creation: pending payments become expired_on_confirmation."""
        now, events = self.now(), []
        for payment in self.payments.values():
            created = parse_iso(payment["created_at"], "created_at")
            if payment["status"] == "pending" and now - created > LINK_LIFETIME:
                self._cancel(payment, "yoo_money", "expired_on_confirmation")
                events.append(("payment.canceled", payment))
        return events

    def pay(self, payment: dict[str, Any], paid_amount: Decimal | None = None) -> Notification:
        if paid_amount is not None:
            payment["amount"] = rub(paid_amount)
        amount = Decimal(payment["amount"]["value"])
        fee = (amount * FEE_RATE).quantize(CENT, rounding=ROUND_HALF_UP)
        payment.update(paid=True, income_amount=rub(amount - fee))
        payment["payment_method"] = {"type": "bank_card", "id": payment["id"], "saved": False}
        if not payment["_capture"]:
            payment["status"] = "waiting_for_capture"
            payment["expires_at"] = iso(self.now() + timedelta(days=7))
            return ("payment.waiting_for_capture", payment)
        return self.capture(payment)

    def capture(self, payment: dict[str, Any]) -> Notification:
        payment.pop("expires_at", None)
        payment.update(status="succeeded", captured_at=iso(self.now()), refundable=True)
        return ("payment.succeeded", payment)

    def decline(self, payment: dict[str, Any], reason: str = "general_decline") -> Notification:
        self._cancel(payment, "payment_network", reason)
        return ("payment.canceled", payment)

    def _cancel(self, payment: dict[str, Any], party: str, reason: str) -> None:
        payment.pop("expires_at", None)
        payment.update(status="canceled", paid=False, refundable=False)
        payment["cancellation_details"] = {"party": party, "reason": reason}

    def cancel(self, payment: dict[str, Any]) -> Notification:
        if payment["status"] != "waiting_for_capture":
            raise bad("Only a payment waiting for capture can be canceled", "payment_id")
        self._cancel(payment, "merchant", "canceled_by_merchant")
        return ("payment.canceled", payment)

    def create_refund(self, body: dict[str, Any]) -> tuple[dict[str, Any], Notification]:
        payment_id = str(body.get("payment_id") or "")
        if payment_id not in self.payments:
            raise bad("Payment not found", "payment_id")
        payment = self.payments[payment_id]
        amount = money(body.get("amount"), "amount")
        refunded = Decimal(payment["refunded_amount"]["value"])
        if payment["status"] != "succeeded":
            raise bad("Only a succeeded payment can be refunded", "payment_id")
        if refunded + amount > Decimal(payment["amount"]["value"]):
            raise bad("Refund amount exceeds the refundable amount", "amount")
        check_receipt(body.get("receipt"), amount)
        refund: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "payment_id": payment_id,
            "status": "succeeded",
            "amount": rub(amount),
            "created_at": iso(self.now()),
        }
        if body.get("description"):
            refund["description"] = body["description"]
        payment["refunded_amount"] = rub(refunded + amount)
        payment["refundable"] = refunded + amount < Decimal(payment["amount"]["value"])
        self.refunds[refund["id"]] = refund
        return refund, ("refund.succeeded", refund)

    def list_payments(self, query: dict[str, str]) -> dict[str, Any]:
        return listing(self.payments.values(), query)

    def list_refunds(self, query: dict[str, str]) -> dict[str, Any]:
        return listing(self.refunds.values(), query)


def listing(objects: Iterable[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
    """A list answer: filtered, newest first, `limit` per page, `next_cursor` while more remain."""
    limit_text = query.get("limit", "10")
    limit = int(limit_text) if limit_text.isdigit() else 0
    if not 1 <= limit <= 100:
        raise bad("limit must be 1 to 100", "limit")
    chosen = [obj for obj in objects if _matches(obj, query)]
    chosen.sort(key=lambda obj: (obj["created_at"], obj["id"]), reverse=True)
    if query.get("cursor"):
        after = _uncursor(query["cursor"])
        chosen = [obj for obj in chosen if (obj["created_at"], obj["id"]) < after]
    page = chosen[:limit]
    answer: dict[str, Any] = {"type": "list", "items": [public(obj) for obj in page]}
    if len(chosen) > limit:
        answer["next_cursor"] = _cursor(page[-1])
    return answer


_COMPARE: dict[str, Callable[[datetime, datetime], bool]] = {
    "gte": lambda created, bound: created >= bound,
    "gt": lambda created, bound: created > bound,
    "lte": lambda created, bound: created <= bound,
    "lt": lambda created, bound: created < bound,
}


def _matches(obj: dict[str, Any], query: dict[str, str]) -> bool:
    created = parse_iso(obj["created_at"], "created_at")
    for op, compare in _COMPARE.items():
        name = f"created_at.{op}"
        if name in query and not compare(created, parse_iso(query[name], name)):
            return False
    return all(
        name not in query or obj.get(name) == query[name] for name in ("status", "payment_id")
    )


def public(obj: dict[str, Any]) -> dict[str, Any]:
    """The object as the API shows it: without the fake's private `_` fields."""
    return {k: v for k, v in obj.items() if not k.startswith("_")}
