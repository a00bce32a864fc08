"""The reconciliation report as JSON (for the API) and as one rectangular CSV (for accountants)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from catalog.money import Money
from payments.reconcile import Report

CSV_COLUMNS = (
    "record",
    "id",
    "order_id",
    "order_number",
    "payment_id",
    "amount",
    "fee",
    "net",
    "currency",
    "date_msk",
    "status",
    "detail",
)


def _value(money: Money | None) -> str | None:
    return money.api_value() if money is not None else None


def report_dict(report: Report) -> dict[str, Any]:
    """Plain JSON-ready data: amounts as two-decimal strings, dates as ISO strings."""
    return {
        "period": {
            "since": report.period.since.isoformat(),
            "until": report.period.until.isoformat(),
        },
        "timezone": "Europe/Moscow",
        "as_of": report.as_of.isoformat(),
        "currency": "RUB",
        "totals": {name: value.api_value() for name, value in report.totals.items()},
        "rows": [
            {
                "record": row.record,
                "id": row.id,
                "order_id": row.order_id,
                "order_number": row.order_number,
                "payment_id": row.payment_id,
                "amount": row.amount.api_value(),
                "fee": _value(row.fee),
                "net": _value(row.net),
                "currency": row.amount.currency,
                "date_msk": row.day.isoformat() if row.day else None,
                "status": row.status,
            }
            for row in report.rows
        ],
        "discrepancies": [
            {
                "kind": str(d.kind),
                "order_id": d.order_id,
                "payment_id": d.payment_id,
                "refund_id": d.refund_id,
                "detail": d.detail,
            }
            for d in report.discrepancies
        ],
    }


def to_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2)


def to_csv(report: Report) -> str:
    """Rows, then `total` lines, then `discrepancy` lines, all under one header."""
    data = report_dict(report)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in data["rows"]:
        writer.writerow(row)
    for name, value in data["totals"].items():
        writer.writerow({"record": "total", "id": name, "amount": value, "currency": "RUB"})
    for found in data["discrepancies"]:
        writer.writerow(
            {
                "record": "discrepancy",
                "id": found["refund_id"] or found["payment_id"] or found["order_id"],
                "order_id": found["order_id"],
                "payment_id": found["payment_id"],
                "status": found["kind"],
                "detail": found["detail"],
            }
        )
    return out.getvalue()
