"""Merchant API for orders, refunds and the reconciliation report (CONTRACT.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from payments.gateway import GatewayError
from payments.reconcile import Period
from payments.reconcile_render import report_dict, to_csv
from shop.payflow.queries import list_orders, order_detail
from shop.payflow.reconciliation import build_report
from shop.payflow.refunds import LineRefund, RefundRefused, RefundUnavailable
from shop.web.api.registry import ApiRoute, add_api_route, json_response, query_param
from shop.web.keys import RUNTIME

ORDER = {"type": "object", "description": "an order with lines, payments and refunds"}
REFUND_BODY = {
    "type": "object",
    "properties": {
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"retailer_id": {"type": "string"}, "quantity": {"type": "integer"}},
            },
            "description": "omit to refund everything still refundable",
        },
        "delivery": {"type": "boolean", "default": False},
        "reason": {"type": "string"},
        "payment_id": {"type": "string", "description": "a duplicate payment to refund"},
    },
}


def _int(request: web.Request, name: str, default: int, most: int) -> int:
    try:
        return max(0, min(most, int(request.query.get(name, default))))
    except ValueError:
        raise web.HTTPBadRequest(text=f"{name} must be a number") from None


async def get_orders(request: web.Request) -> web.Response:
    async with request.app[RUNTIME].db.sessions() as session:
        orders = await list_orders(
            session,
            status=request.query.get("status"),
            limit=_int(request, "limit", 50, 500),
            offset=_int(request, "offset", 0, 10**9),
        )
    return web.json_response({"orders": orders})


async def get_order(request: web.Request) -> web.Response:
    async with request.app[RUNTIME].db.sessions() as session:
        detail = await order_detail(session, int(request.match_info["id"]))
    if detail is None:
        return web.json_response({"error": "not_found"}, status=404)
    return web.json_response(detail)


async def post_refund(request: web.Request) -> web.Response:
    refunds = request.app[RUNTIME].order_refunds
    if refunds is None:
        raise web.HTTPServiceUnavailable(text="payments are not configured")
    try:
        body: dict[str, Any] = await request.json() if request.can_read_body else {}
        lines = body.get("lines")
        asked = (
            None
            if lines is None
            else [LineRefund(str(x["retailer_id"]), int(x["quantity"])) for x in lines]
        )
    except (ValueError, KeyError, TypeError):
        return web.json_response(
            {"error": "bad_request", "message": "lines need retailer_id and quantity"}, status=400
        )
    try:
        result = await refunds.refund(
            int(request.match_info["id"]),
            lines=asked,
            delivery=bool(body.get("delivery", False)),
            reason=str(body.get("reason", "")),
            request_key=request.headers.get("Idempotency-Key"),
            payment_id=body.get("payment_id"),
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


def period_of(request: web.Request) -> Period:
    try:
        since = date.fromisoformat(request.query["since"])
        until = date.fromisoformat(request.query.get("until", since.isoformat()))
    except (KeyError, ValueError):
        raise web.HTTPBadRequest(text="since (and optional until) must be YYYY-MM-DD") from None
    if until < since:
        raise web.HTTPBadRequest(text="until is before since")
    return Period(since, until)


async def get_reconciliation(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    if runtime.yookassa is None:
        raise web.HTTPServiceUnavailable(text="payments are not configured")
    try:
        report = await build_report(
            runtime.db, runtime.yookassa, period_of(request), as_of=runtime.clock.now()
        )
    except GatewayError:
        return web.json_response(
            {"error": "unavailable", "message": "YooKassa did not answer"}, status=503
        )
    if request.query.get("format") == "csv":
        return web.Response(
            text=to_csv(report),
            content_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="reconciliation.csv"'},
        )
    return web.json_response(report_dict(report))


def setup(app: web.Application) -> None:
    status = query_param("status", {"type": "string"}, "only orders in this status")
    limit = query_param("limit", {"type": "integer", "default": 50}, "page size, at most 500")
    offset = query_param("offset", {"type": "integer", "default": 0}, "rows to skip")
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
            request_body={"content": {"application/json": {"schema": REFUND_BODY}}},
            responses={"201": json_response("the refund", {"type": "object"})},
        ),
        post_refund,
    )
    since = query_param("since", {"type": "string", "format": "date"}, "first Moscow day")
    until = query_param("until", {"type": "string", "format": "date"}, "last Moscow day")
    fmt = query_param("format", {"enum": ["json", "csv"]}, "csv for accountants")
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
