"""The reconciliation report as JSON (for the API) and as one rectangular CSV (for accountants)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from catalog.money import Money
from payments.reconcile import MOSCOW, Report

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
        "on_delivery": [
            {
                "order_id": paid.order_id,
                "order_number": paid.order_number,
                "amount": paid.amount.api_value(),
                "currency": paid.amount.currency,
                "date_msk": paid.paid_at.astimezone(MOSCOW).date().isoformat(),
            }
            for paid in report.on_delivery
        ],
    }


def to_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class SheetWords:
    """The words a spreadsheet shows instead of code names, in its reader's language: a header
    per CSV column, and labels keyed `<scope>.<code>` (`record.order`, `total.fees`,
    `status.payment.succeeded`, `kind.amount_mismatch`). The application supplies them; a code
    without a label is shown as it is."""

    headers: Mapping[str, str]
    labels: Mapping[str, str]

    def label(self, scope: str, code: str | None) -> str | None:
        return None if code is None else self.labels.get(f"{scope}.{code}", code)


# What a Russian Excel opens with a double click: it takes a file as UTF-8 only with the BOM,
# splits on the list separator of the Russian locale (`;`) and reads `1000,00` as a number.
BOM = "\ufeff"
DELIMITER = ";"


def sheet_number(value: str | None) -> str | None:
    """`1000.00` → `1000,00`: the decimal comma, no thousands separator (Excel would read
    a space-separated number as text)."""
    return None if value is None else value.replace(".", ",")


def sheet_day(value: str | None) -> str | None:
    """`2026-11-21` → `21.11.2026`, the date Excel recognises in the Russian locale."""
    return None if value is None else date.fromisoformat(value).strftime("%d.%m.%Y")


def to_csv(report: Report, words: SheetWords) -> str:
    """Rows, then total lines, then discrepancy lines, all under one header, for a
    spreadsheet: BOM, `;`, decimal commas, dates as DD.MM.YYYY, headers and codes in words."""
    data = report_dict(report)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([words.headers.get(column, column) for column in CSV_COLUMNS])

    def line(**values: str | None) -> None:
        writer.writerow([values.get(column) for column in CSV_COLUMNS])

    for row in data["rows"]:
        record = row["record"]
        line(
            **{
                **row,
                "record": words.label("record", record),
                "amount": sheet_number(row["amount"]),
                "fee": sheet_number(row["fee"]),
                "net": sheet_number(row["net"]),
                "date_msk": sheet_day(row["date_msk"]),
                "status": words.label(f"status.{record}", row["status"]),
            }
        )
    for name, value in data["totals"].items():
        line(
            record=words.label("record", "total"),
            id=words.label("total", name),
            amount=sheet_number(value),
            currency=data["currency"],
        )
    for found in data["discrepancies"]:
        line(
            record=words.label("record", "discrepancy"),
            id=found["refund_id"] or found["payment_id"] or found["order_id"],
            order_id=found["order_id"],
            payment_id=found["payment_id"],
            status=words.label("kind", found["kind"]),
            detail=found["detail"],
        )
    return out.getvalue()
