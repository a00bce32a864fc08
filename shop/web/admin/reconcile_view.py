"""The reconciliation report as an accountant reads it on the page: every code a word from the
text catalogue, money as `1 299,00 ₽`, days and moments in the shop's zone. The JSON and CSV
keep their own forms (payments/reconcile_render.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from catalog.money import Money
from payments.reconcile import Discrepancy, Report, Row
from payments.reconcile_render import SheetWords
from shop.accounting.sheet import sheet_words
from shop.texts import format_money, t
from shop.web.admin.frame import local_time

# Totals that are not YooKassa's money: shown apart, below the payments' own totals.
APART = ("discounts", "paid_on_delivery")


@dataclass(frozen=True)
class Line:
    code: str  # the total's or status's code: a CSS class and a test's handle, never shown
    label: str
    value: str


@dataclass(frozen=True)
class PageRow:
    record: str
    id: str
    order_id: str | None
    order: str
    amount: str
    fee: str
    net: str
    day: str
    status: Line


@dataclass(frozen=True)
class PageDiscrepancy:
    kind: Line
    order_id: str | None
    payment_id: str
    refund_id: str
    detail: str


@dataclass(frozen=True)
class PaidAtDoor:
    order_id: str
    number: str
    amount: str
    paid_at: str


@dataclass(frozen=True)
class ReportView:
    as_of: str
    totals: tuple[Line, ...]
    apart: tuple[Line, ...]
    rows: tuple[PageRow, ...]
    discrepancies: tuple[PageDiscrepancy, ...]
    on_delivery: tuple[PaidAtDoor, ...]


def money(value: Money | None) -> str:
    return "" if value is None else format_money(value, "ru")


def day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y")


def report_view(report: Report, zone: tzinfo) -> ReportView:
    words = sheet_words("ru")
    # A payment's row names its order by id only; the page shows the order's number.
    numbers = {r.order_id: r.order_number for r in report.rows if r.order_number}
    totals = [
        Line(name, words.label("total", name) or name, money(value))
        for name, value in report.totals.items()
    ]
    return ReportView(
        as_of=local_time(report.as_of, zone),
        totals=tuple(line for line in totals if line.code not in APART),
        apart=tuple(line for line in totals if line.code in APART),
        rows=tuple(_row(row, words, numbers) for row in report.rows),
        discrepancies=tuple(_discrepancy(d, words, zone) for d in report.discrepancies),
        on_delivery=tuple(
            PaidAtDoor(p.order_id, p.order_number, money(p.amount), local_time(p.paid_at, zone))
            for p in report.on_delivery
        ),
    )


def _row(row: Row, words: SheetWords, numbers: dict[str | None, str]) -> PageRow:
    return PageRow(
        record=words.label("record", row.record) or row.record,
        id=row.id,
        order_id=row.order_id,
        order=row.order_number or numbers.get(row.order_id, ""),
        amount=money(row.amount),
        fee=money(row.fee),
        net=money(row.net),
        day=day(row.day),
        status=Line(row.status, words.label(f"status.{row.record}", row.status) or "", ""),
    )


def _discrepancy(found: Discrepancy, words: SheetWords, zone: tzinfo) -> PageDiscrepancy:
    return PageDiscrepancy(
        kind=Line(str(found.kind), words.label("kind", str(found.kind)) or "", ""),
        order_id=found.order_id,
        payment_id=found.payment_id or "",
        refund_id=found.refund_id or "",
        detail=detail_words(found.detail, zone),
    )


def _amount(value: str) -> str:
    return money(Money.rub(value))


# The domain's details (payments/reconcile.py) in the page's words; an unknown one as it is.
_DETAILS: tuple[tuple[re.Pattern[str], str, Callable[[str], str]], ...] = (
    (re.compile(r"paid (\S+), order total (\S+)"), "reconcile.page.detail.paid_vs_total", _amount),
    (re.compile(r"ours (\S+), YooKassa (\S+)"), "reconcile.page.detail.ours_vs_theirs", _amount),
    (re.compile(r"succeeded: (.+)"), "reconcile.page.detail.succeeded", str),
    (re.compile(r"YooKassa says succeeded"), "reconcile.page.detail.theirs_succeeded", str),
    (re.compile(r"no succeeded payment"), "reconcile.page.detail.no_payment", str),
    (re.compile(r"YooKassa refund missing from our books"), "reconcile.page.detail.refund", str),
    (re.compile(r"our refund names an unknown payment"), "reconcile.page.detail.orphan", str),
)


def detail_words(detail: str, zone: tzinfo) -> str:
    if found := re.fullmatch(r"pending since (\S+)", detail):
        since = local_time(datetime.fromisoformat(found.group(1)), zone)
        return t("reconcile.page.detail.pending", "ru", since=since)
    for pattern, key, shown in _DETAILS:
        if found := pattern.fullmatch(detail):
            values = [shown(g) for g in found.groups()]
            return t(key, "ru", **{f"v{i}": v for i, v in enumerate(values)})
    return detail
