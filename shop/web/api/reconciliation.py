"""Merchant API: the reconciliation report of a period, as JSON or CSV (CONTRACT.md)."""

from __future__ import annotations

from typing import Literal

from aiohttp import web
from pydantic import BaseModel, Field

from payments.gateway import GatewayError
from payments.reconcile import Kind
from payments.reconcile_render import report_dict, to_csv
from shop.accounting.sheet import sheet_words
from shop.web.api.answers import ApiError
from shop.web.api.routes import ApiRoutes
from shop.web.keys import SERVICES
from shop.web.reconciliation import PeriodQuery, report_of

api = ApiRoutes("accounting")


class ReconciliationQuery(PeriodQuery):
    format: Literal["json", "csv"] = Field(
        default="json",
        description="csv for accountants: a Russian Excel's CSV (UTF-8 with BOM, `;`, "
        "decimal commas, DD.MM.YYYY dates)",
    )
    lang: Literal["ru", "en"] = Field(
        default="ru", description="the CSV's headers and words: Russian, or English"
    )


class Days(BaseModel):
    since: str
    until: str


class Row(BaseModel):
    """An order, a payment or a refund of the period."""

    record: Literal["order", "payment", "refund"]
    id: str
    order_id: str | None
    order_number: str | None
    payment_id: str | None
    amount: str
    fee: str | None
    net: str | None
    currency: str
    date_msk: str | None
    status: str


class Discrepancy(BaseModel):
    """Where the shop's books and YooKassa disagree."""

    kind: Kind
    order_id: str | None
    payment_id: str | None
    refund_id: str | None
    detail: str


class PaidOnDelivery(BaseModel):
    """An order paid in cash or by card at hand-over: never compared with YooKassa."""

    order_id: str
    order_number: str
    amount: str
    currency: str
    date_msk: str


class Reconciliation(BaseModel):
    """Payments, fees, refunds and discrepancies of a period (CSV with `format=csv`)."""

    period: Days
    timezone: str
    as_of: str
    currency: str
    totals: dict[str, str]
    rows: list[Row]
    discrepancies: list[Discrepancy]
    on_delivery: list[PaidOnDelivery] = []


@api.get(
    "/api/reconciliation",
    "Payments, fees, refunds and discrepancies of a period",
    query=ReconciliationQuery,
    answers={200: Reconciliation, 503: ApiError},
)
async def get_reconciliation(request: web.Request, query: ReconciliationQuery) -> web.Response:
    try:
        report = await report_of(request.app[SERVICES], query.period())
    except GatewayError:
        return web.json_response(
            {"error": "unavailable", "message": "YooKassa did not answer"}, status=503
        )
    if query.format == "csv":
        return web.Response(
            text=to_csv(report, sheet_words(query.lang)),
            content_type="text/csv",
            charset="utf-8",
            headers={"Content-Disposition": 'attachment; filename="reconciliation.csv"'},
        )
    return web.json_response(report_dict(report))
