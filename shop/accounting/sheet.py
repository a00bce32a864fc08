"""The reconciliation spreadsheet's words from the text catalogue, in the reader's language."""

from __future__ import annotations

from functools import cache

from payments.reconcile import Kind
from payments.reconcile_render import CSV_COLUMNS, SheetWords
from payments.states import PaymentStatus, RefundStatus
from shop.orders.model import OrderStatus
from shop.texts import Locale, t

_RECORDS = ("order", "payment", "refund", "total", "discrepancy")
_TOTALS = (
    "orders_paid",
    "payments_gross",
    "fees",
    "payments_net",
    "refunds",
    "net_after_refunds",
    "paid_on_delivery",  # shop/accounting/on_delivery.py
    "discounts",  # shop/accounting/discounts.py
)


@cache
def sheet_words(locale: Locale) -> SheetWords:
    """Headers, record kinds, totals, statuses and discrepancy kinds as words; an order's
    status is the same label the pages and the chat use."""
    labels = {
        **{f"record.{r}": t(f"reconcile.csv.record.{r}", locale) for r in _RECORDS},
        **{f"total.{n}": t(f"reconcile.csv.total.{n}", locale) for n in _TOTALS},
        **{f"status.order.{s}": t(f"status.{s}", locale) for s in OrderStatus},
        **{f"status.payment.{s}": t(f"reconcile.csv.payment.{s}", locale) for s in PaymentStatus},
        **{f"status.refund.{s}": t(f"reconcile.csv.refund.{s}", locale) for s in RefundStatus},
        **{f"kind.{k}": t(f"reconcile.csv.kind.{k}", locale) for k in Kind},
    }
    headers = {column: t(f"reconcile.csv.{column}", locale) for column in CSV_COLUMNS}
    return SheetWords(headers=headers, labels=labels)
