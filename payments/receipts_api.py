"""YooKassa's receipts API (`POST /v3/receipts`, `GET /v3/receipts`): the settlement receipt.

After a prepayment (`full_prepayment` lines), handing the goods over needs a second receipt:
the same lines as `full_payment`, with the prepayment as its settlement. It is built purely
from the receipt the payment carried, so it repeats exactly what the shopper paid for
(discounts spread over the lines included).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from catalog.money import Money
from payments.gateway import OutcomeUnknown, amount_json

PREPAYMENT_MODES = frozenset({"full_prepayment", "partial_prepayment", "advance"})
# YooKassa's receipt statuses: registration under way, registered, or refused by the register.
RECEIPT_STATUSES = frozenset({"pending", "succeeded", "canceled"})


@dataclass(frozen=True)
class FiscalReceipt:
    """A receipt as YooKassa reports it."""

    id: str
    type: str
    payment_id: str | None
    status: str


class ReceiptGateway(Protocol):
    """What the settlement job needs of YooKassa."""

    async def create_receipt(self, body: Mapping[str, Any], *, key: str) -> FiscalReceipt: ...
    async def get_receipt(self, receipt_id: str) -> FiscalReceipt: ...


def needs_settlement(payment_receipt: Mapping[str, Any]) -> bool:
    """Whether a payment's receipt sold anything in advance (so hand-over needs a receipt)."""
    items = payment_receipt.get("items") or ()
    return any(item.get("payment_mode") in PREPAYMENT_MODES for item in items)


def settlement_body(
    payment_receipt: Mapping[str, Any], *, payment_id: str, prepaid: Money
) -> dict[str, Any]:
    """The `full_payment` receipt settling `prepaid` of the payment `payment_id`."""
    items = [{**item, "payment_mode": "full_payment"} for item in payment_receipt["items"]]
    body: dict[str, Any] = {
        "customer": dict(payment_receipt["customer"]),
        "type": "payment",
        "payment_id": payment_id,
        "send": True,
        "items": items,
        "settlements": [{"type": "prepayment", "amount": amount_json(prepaid)}],
    }
    if payment_receipt.get("tax_system_code") is not None:
        body["tax_system_code"] = payment_receipt["tax_system_code"]
    return body


def parse_receipt(body: Mapping[str, Any]) -> FiscalReceipt:
    if not body.get("id") or not body.get("status"):
        raise OutcomeUnknown("YooKassa returned a receipt without id or status")
    return FiscalReceipt(
        id=str(body["id"]),
        type=str(body.get("type", "")),
        payment_id=body.get("payment_id"),
        status=str(body["status"]),
    )
