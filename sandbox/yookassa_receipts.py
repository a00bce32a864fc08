"""The fake YooKassa's receipts: `POST /receipts` (a settlement receipt after a prepayment)
and the receipt lists, checked as YooKassa checks them.

A new receipt is `pending` (the online register is registering it) and reads `succeeded`
from the next look on, or `canceled` when the control API asked for a refusal.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sandbox.yookassa_state import ApiFailure, Books, bad, check_receipt, iso, listing, money

RECEIPT_TYPES = frozenset({"payment", "refund"})


def create_receipt(
    books: Books, body: dict[str, Any], outcome: str = "succeeded"
) -> dict[str, Any]:
    kind = body.get("type")
    if kind not in RECEIPT_TYPES:
        raise bad("Receipt type must be payment or refund", "type")
    payment_id = str(body.get("payment_id") or "")
    payment = books.payments.get(payment_id)
    if payment is None:
        raise bad("Payment not found", "payment_id")
    if payment["status"] != "succeeded":
        raise bad("A receipt needs a succeeded payment", "payment_id")
    settled = _settled(body.get("settlements"))
    check_receipt({k: body.get(k) for k in ("customer", "items", "tax_system_code")}, settled)
    receipt: dict[str, Any] = {
        "id": f"rt-{uuid.uuid4()}",
        "type": kind,
        "payment_id": payment_id,
        "status": "pending",
        "items": body["items"],
        "settlements": body["settlements"],
        "created_at": iso(books.now()),
        "_outcome": outcome,
        "_seen": True,  # the answer to this call is the first look
    }
    if body.get("tax_system_code") is not None:
        receipt["tax_system_code"] = body["tax_system_code"]
    books.receipts[receipt["id"]] = receipt
    return receipt


def _settled(settlements: Any) -> Decimal:
    if not isinstance(settlements, list) or not settlements:
        raise bad("Receipt needs settlements", "settlements")
    total = Decimal(0)
    for settlement in settlements:
        if not isinstance(settlement, dict) or settlement.get("type") not in {
            "cashless",
            "prepayment",
            "postpayment",
            "consideration",
        }:
            raise bad("Unknown settlement type", "settlements.type")
        total += money(settlement.get("amount"), "settlements.amount")
    return total


def looked_at(receipt: dict[str, Any]) -> dict[str, Any]:
    """The register has finished by the time anyone looks again."""
    if receipt["status"] == "pending" and receipt.get("_seen"):
        receipt["status"] = receipt["_outcome"]
        if receipt["status"] == "succeeded":
            receipt["fiscal_document_number"] = str(len(receipt["id"]) * 1000 + 7)
            receipt["registered_at"] = receipt["created_at"]
    receipt["_seen"] = True
    return receipt


def get_receipt(books: Books, receipt_id: str) -> dict[str, Any]:
    receipt = books.receipts.get(receipt_id)
    if receipt is None:
        raise ApiFailure(404, "not_found", "Receipt not found", "receipt_id")
    return looked_at(receipt)


def list_receipts(books: Books, query: dict[str, str]) -> dict[str, Any]:
    if not (query.get("payment_id") or query.get("refund_id") or query.get("created_at.gte")):
        # YooKassa filters receipts by payment, refund or period.
        raise bad("Give payment_id, refund_id or a period", "payment_id")
    for receipt in books.receipts.values():
        looked_at(receipt)
    return listing(books.receipts.values(), query)
