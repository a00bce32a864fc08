"""The body of an order's settlement receipt: the payment's receipt (kept with the payment,
or rebuilt from the order's lines for payments made before it was kept) less what was
refunded before hand-over, settling exactly what stays paid.

When it cannot be worked out (the lines do not add up to the payment, a refund was a lump sum
that fits no line), the reason is kept on the settlement row and shown on the order page, so
the merchant issues that receipt by hand instead of it being skipped unseen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from payments.receipt import ReceiptDefaults, ReceiptError
from payments.receipts_api import needs_settlement, settlement_body
from payments.settle_lines import Returned, SettlementGap, items_minor, remaining_items
from payments.states import RefundStatus
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.refund_lines import DELIVERY_ID, DELIVERY_TITLE, load
from shop.orders.tables import ShopOrder
from shop.taxes.order_receipt import order_receipt
from shop.texts import format_money, t

NEW, NOT_NEEDED, UNBUILT = "new", "not_needed", "unbuilt"


@dataclass(frozen=True)
class Planned:
    """What the settlement row starts as: `new` with a body, `not_needed`, or `unbuilt`
    with the reason in the merchant's words."""

    status: str
    body: dict[str, Any] | None = None
    error: str | None = None


async def plan(
    session: AsyncSession, order: ShopOrder, attempt: PayAttempt, base: ReceiptDefaults
) -> Planned:
    try:
        receipt = await _payment_receipt(session, order, attempt, base)
    except ReceiptError as exc:
        # The builder's rule as its code and figures, said here in the merchant's words.
        reason = t(f"receipt.reason.{exc.code}", "ru", **exc.params)
        return Planned(UNBUILT, error=t("receipt.unbuilt.rebuild", detail=reason))
    if not needs_settlement(receipt):
        return Planned(NOT_NEEDED)  # paid in full at once: nothing to settle
    try:
        returned = await _returned(session, attempt)
        items = remaining_items(receipt["items"], returned, delivery_last=order.delivery_minor > 0)
        kept = attempt.amount_minor - attempt.refunded_minor
        if items_minor(items) != kept:
            raise SettlementGap("sum", format_money(Money.from_minor(kept, attempt.currency), "ru"))
    except SettlementGap as exc:
        return Planned(UNBUILT, error=t(f"receipt.unbuilt.{exc.code}", detail=exc.detail))
    if not items:
        return Planned(NOT_NEEDED)  # everything went back: nothing was handed over
    prepaid = Money.from_minor(kept, attempt.currency)
    body = settlement_body(
        {**receipt, "items": items}, payment_id=attempt.provider_id or "", prepaid=prepaid
    )
    return Planned(NEW, body=body)


async def _payment_receipt(
    session: AsyncSession, order: ShopOrder, attempt: PayAttempt, base: ReceiptDefaults
) -> dict[str, Any]:
    """The receipt the payment carried; rebuilt alike when the payment predates keeping it."""
    if attempt.receipt_json:
        return dict(json.loads(attempt.receipt_json))
    paid = Money.from_minor(attempt.amount_minor, attempt.currency)
    return (await order_receipt(session, order, amount=paid, base=base)).to_api()


async def _returned(session: AsyncSession, attempt: PayAttempt) -> list[Returned]:
    """The pieces the payment's succeeded refunds gave back; a lump sum is a gap."""
    query = select(PayRefund.lines_json).where(
        col(PayRefund.attempt_id) == attempt.id,
        col(PayRefund.status) == RefundStatus.SUCCEEDED.value,
    )
    returned = []
    for text in (await session.exec(query)).all():
        for piece in load(text):
            delivery = piece.retailer_id == DELIVERY_ID or (
                not piece.retailer_id and piece.title == DELIVERY_TITLE
            )
            returned.append(Returned(piece.title, piece.unit_minor, piece.quantity, delivery))
    refunded = sum(piece.unit_minor * piece.quantity for piece in returned)
    if refunded != attempt.refunded_minor:
        raise SettlementGap(
            "refunds", format_money(Money.from_minor(refunded, attempt.currency), "ru")
        )
    return returned
