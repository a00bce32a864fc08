"""Merchant API for orders, refunds and the reconciliation report (CONTRACT.md)."""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from payments.gateway import GatewayError
from payments.reconcile import Period
from payments.reconcile_render import report_dict, to_csv
from shop.accounting.reconciliation import build_report
from shop.orders.model import OrderStatus
from shop.orders.queries import list_orders, order_detail
from shop.orders.refunds import LineRefund, RefundRefused, RefundUnavailable
from shop.web.api.params import DAY, QUERY, BadInput, coerce, json_body, path_id, period
from shop.web.api.registry import ApiRoute, add_api_route, json_response, query_param
from shop.web.keys import SERVICES

ORDER = {"type": "object", "description": "an order with lines, payments and refunds"}


class RefundLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    retailer_id: str = Field(min_length=1, max_length=100)
    quantity: int = Field(ge=1, le=100_000)


class RefundBody(BaseModel):
    """What to refund; no `lines` refunds everything still refundable."""

    model_config = ConfigDict(extra="forbid")
    lines: list[RefundLine] | None = Field(
        default=None, max_length=500, description="omit to refund everything still refundable"
    )
    delivery: bool | None = Field(
        default=None,
        description="refund the delivery too; when omitted, only with a refund of everything",
    )
    reason: str = Field(default="", max_length=500)
    payment_id: str | None = Field(
        default=None, max_length=64, description="a duplicate payment to refund"
    )


async def get_orders(request: web.Request) -> web.Response:
    query = request[QUERY]
    async with request.app[SERVICES].db.sessions() as session:
        orders = await list_orders(
            session, status=query["status"], limit=query["limit"], offset=query["offset"]
        )
    return web.json_response({"orders": orders})


async def get_order(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        detail = await order_detail(session, path_id(request))
    if detail is None:
        return web.json_response({"error": "not_found"}, status=404)
    return web.json_response(detail)


async def post_refund(request: web.Request) -> web.Response:
    refunds = request.app[SERVICES].refunds
    body = await json_body(request, RefundBody)
    asked = (
        None
        if body.lines is None
        else [LineRefund(line.retailer_id, line.quantity) for line in body.lines]
    )
    try:
        result = await refunds.refund(
            path_id(request),
            lines=asked,
            delivery=body.delivery,
            reason=body.reason,
            request_key=idempotency_key(request),
            payment_id=body.payment_id,
        )
    except RefundRefused as exc:
        return web.json_response({"error": "refused", "message": str(exc)}, status=422)
    except RefundUnavailable:
        return web.json_response(
            {"error": "unavailable", "message": "YooKassa did not answer; repeat the request"},
            status=503,
        )
    return web.json_response(
        {
            "id": result.id,
            "status": result.status,
            "amount": result.amount.api_value(),
            "provider_id": result.provider_id,
        },
        status=201,
    )


def idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 64:
        raise BadInput("Idempotency-Key", "must be 1 to 64 characters")
    return key


def period_of(request: web.Request) -> Period:
    """`since` (required) … `until` (default: the same day); the pages use it too."""
    query = request.query
    if "since" not in query:
        raise BadInput("since", "is required, a date like 2026-12-04")
    since = coerce("since", query["since"], DAY)
    until = coerce("until", query["until"], DAY) if "until" in query else since
    return Period(*period(since, until))


async def get_reconciliation(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    try:
        report = await build_report(
            services.db, services.yookassa, period_of(request), as_of=services.clock.now()
        )
    except GatewayError:
        return web.json_response(
            {"error": "unavailable", "message": "YooKassa did not answer"}, status=503
        )
    if request[QUERY]["format"] == "csv":
        return web.Response(
            text=to_csv(report),
            content_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="reconciliation.csv"'},
        )
    return web.json_response(report_dict(report))


def setup(app: web.Application) -> None:
    statuses = {"enum": [str(status) for status in OrderStatus]}
    status = query_param("status", statuses, "only orders in this status")
    limit = query_param(
        "limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}, "page size"
    )
    offset = query_param("offset", {"type": "integer", "minimum": 0, "default": 0}, "rows to skip")
    add_api_route(
        app,
        ApiRoute(
            "GET",
            "/api/orders",
            "Orders, newest first",
            "orders",
            (status, limit, offset),
            responses={"200": json_response("orders", {"type": "object"})},
        ),
        get_orders,
    )
    add_api_route(
        app,
        ApiRoute(
            "GET",
            "/api/orders/{id:\\d+}",
            "One order with its lines, payments and refunds",
            "orders",
            responses={"200": json_response("the order", ORDER)},
        ),
        get_order,
    )
    add_api_route(
        app,
        ApiRoute(
            "POST",
            "/api/orders/{id:\\d+}/refunds",
            "Refund an order, fully or by lines (Idempotency-Key header makes repeats safe)",
            "orders",
            body=RefundBody,
            responses={"201": json_response("the refund", {"type": "object"})},
        ),
        post_refund,
    )
    since = {**query_param("since", DAY, "first Moscow day"), "required": True}
    until = query_param("until", DAY, "last Moscow day (at most 366 days after since)")
    fmt = query_param("format", {"enum": ["json", "csv"], "default": "json"}, "csv for accountants")
    add_api_route(
        app,
        ApiRoute(
            "GET",
            "/api/reconciliation",
            "Payments, fees, refunds and discrepancies of a period",
            "accounting",
            (since, until, fmt),
            responses={"200": json_response("the report", {"type": "object"})},
        ),
        get_reconciliation,
    )
