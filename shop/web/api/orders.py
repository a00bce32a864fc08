"""Merchant API for orders and their refunds (CONTRACT.md). The list filters as the orders
page does: status, an order number or phone, the shop's days, pages with the total."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from shop.orders.model import OrderStatus
from shop.orders.queries import (
    OrderFilter,
    count_orders,
    list_orders,
    number_of,
    order_detail,
    phone_patterns,
)
from shop.orders.refunds import LineRefund, RefundRefused, RefundUnavailable
from shop.orders.story import order_story
from shop.orders.tables import ShopOrder
from shop.web.admin import frame
from shop.web.api.answers import ApiError
from shop.web.api.routes import ApiRoutes
from shop.web.keys import SERVICES
from shop.web.validation import BadInput, QueryModel, path_id

api = ApiRoutes("orders")


class OrdersQuery(QueryModel):
    """The orders page's filter: status, an order number or phone, the shop's days, a page."""

    status: OrderStatus | None = Field(default=None, description="only orders in this status")
    q: str | None = Field(
        default=None,
        max_length=60,
        description="an order number (A-10001, 10001) or 4+ digits of the shopper's phone",
    )
    since: date | None = Field(
        default=None, description="created on this day or later (the shop's time zone)"
    )
    until: date | None = Field(
        default=None, description="created on this day or earlier (the shop's time zone)"
    )
    page: int | None = Field(
        default=None, ge=1, le=10_000, description="page number from 1 (instead of offset)"
    )
    limit: int = Field(default=50, ge=1, le=500, description="page size")
    offset: int = Field(default=0, ge=0, description="rows to skip")

    def where(self, zone: tzinfo) -> OrderFilter:
        """The filter in UTC; a search that is neither a number nor a phone is refused."""
        search = (self.q or "").strip() or None
        if search and number_of(search) is None and not phone_patterns(search):
            raise BadInput("q", "must be an order number (A-10001) or 4+ digits of a phone")
        if self.since and self.until and self.until < self.since:
            raise BadInput("until", "is before since")
        return OrderFilter(
            status=self.status,
            since=_day_start(self.since, zone) if self.since else None,
            until=_day_start(self.until + timedelta(days=1), zone) if self.until else None,
            search=search,
        )

    def skip(self) -> int:
        if self.page is None:
            return self.offset
        if self.offset:
            raise BadInput("offset", "give page or offset, not both")
        return (self.page - 1) * self.limit


def _day_start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(UTC)


class OrderSummary(BaseModel):
    """An order as the list shows it."""

    id: int
    number: str | None = Field(examples=["A-10001"])
    status: OrderStatus
    wa_id: str
    total: str = Field(examples=["1350.00"])
    currency: str
    created_at: str
    paid_at: str | None
    review_reason: str | None = Field(description="why a person must look (needs_review)")


class OrderList(BaseModel):
    """Orders, newest first: one page of those the filter finds, and how many it finds."""

    orders: list[OrderSummary]
    total: int = Field(description="orders the filter finds, on every page")
    limit: int
    offset: int
    page: int = Field(description="the page these orders are on (from 1)")
    pages: int = Field(description="pages of `limit` orders")


@api.get("/api/orders", "Orders, newest first", query=OrdersQuery, answers={200: OrderList})
async def get_orders(request: web.Request, query: OrdersQuery) -> web.Response:
    where, offset = query.where(request.app[SERVICES].settings.zone), query.skip()
    async with request.app[SERVICES].db.sessions() as session:
        total = await count_orders(session, where)
        orders = await list_orders(session, where=where, limit=query.limit, offset=offset)
    return web.json_response(
        {
            "orders": orders,
            "total": total,
            "limit": query.limit,
            "offset": offset,
            "page": offset // query.limit + 1,
            "pages": max(1, -(-total // query.limit)),
        }
    )


class Delivery(BaseModel):
    kind: str
    title: str
    price: str
    address: str | None
    pickup_point: str | None


class OrderLine(BaseModel):
    retailer_id: str
    title: str
    quantity: int
    unit_price: str
    total: str


class Payment(BaseModel):
    """One attempt to pay at YooKassa, with its fee once YooKassa tells the income."""

    id: str | None = Field(description="YooKassa's payment id")
    attempt: int
    status: str
    amount: str
    income_amount: str | None
    fee: str | None
    refunded: str
    cancel_reason: str | None
    error: str | None


class Refund(BaseModel):
    id: int
    provider_id: str | None = Field(description="YooKassa's refund id")
    status: str
    amount: str
    reason: str
    created_at: str
    error: str | None


class SettlementReceipt(BaseModel):
    """The full payment receipt sent at hand-over after a prepayment."""

    status: str = Field(
        description="new, pending, succeeded, canceled or rejected; unbuilt when it could not "
        "be worked out from the payment and its refunds (error says why: issue it by hand)"
    )
    receipt_id: str | None = Field(description="YooKassa's receipt id")
    error: str | None


class Tracking(BaseModel):
    """Where a shipped parcel is, as staff gave it."""

    carrier: str | None = Field(examples=["CDEK"])
    number: str | None = Field(description="the carrier's tracking number")
    url: str | None = Field(description="the carrier's tracking page (http or https)")


class PromoUse(BaseModel):
    """The promo code the order redeemed."""

    code: str = Field(examples=["WELCOME10"])
    discount: str = Field(examples=["135.00"], description="off the goods")


class OrderStep(BaseModel):
    """One step of the order's history: from which status to which, when, who and why."""

    from_status: str
    status: str = Field(description="the status the order went to")
    at: str
    actor_kind: str = Field(description="staff, system or shopper")
    actor: str = Field(description="the staff member's name, system or shopper")
    reason: str | None
    detail: str | None = Field(description="the tracking or refund amount the step carried")


class OrderNewsItem(BaseModel):
    """News of the order for the shopper, and whether it could be sent."""

    kind: str = Field(examples=["shipped"])
    at: str
    delivered: bool = Field(description="false when it could not be sent (see reason)")
    state: str = Field(
        description="queued; undelivered, then resent once it could go, stale once its moment "
        "passed, or failed after its last try"
    )
    channel: str = Field(description="message (inside the 24-hour window), template or none")
    reason: str | None
    tries: int = Field(0, description="tries to send it again after it first could not go")


class Order(OrderSummary):
    """An order with its lines, delivery, payments, refunds, tracking, promo code, history
    and the news told to the shopper."""

    delivery: Delivery
    receipt_email: str | None
    payment_method: str = Field(description="online (YooKassa) or on_delivery")
    settlement_receipt: SettlementReceipt | None
    lines: list[OrderLine]
    payments: list[Payment]
    refunds: list[Refund]
    discount: str | None = Field(examples=["135.00"], description="off the goods; null if none")
    tracking: Tracking | None
    promo: PromoUse | None
    history: list[OrderStep] = Field(description="oldest first")
    news: list[OrderNewsItem] = Field(description="oldest first")


@api.get(
    "/api/orders/{id:\\d+}",
    "One order with its lines, payments, refunds, tracking, promo code, history and news",
    answers={200: Order, 404: ApiError},
)
async def get_order(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        detail = await order_detail(session, path_id(request))
        order = await session.get(ShopOrder, path_id(request))
        if detail is None or order is None:
            return web.json_response({"error": "not_found"}, status=404)
        story = await order_story(session, order)
    return web.json_response({**detail, **story})


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


class RefundDone(BaseModel):
    """The refund, as YooKassa took it."""

    id: int
    status: str
    amount: str
    provider_id: str | None


@api.post(
    "/api/orders/{id:\\d+}/refunds",
    "Refund an order, fully or by lines (Idempotency-Key header makes repeats safe)",
    body=RefundBody,
    answers={201: RefundDone, 422: ApiError, 503: ApiError},
)
async def post_refund(request: web.Request, body: RefundBody) -> web.Response:
    refunds = request.app[SERVICES].refunds
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
            actor=frame.actor(request).name,  # whose token it is
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
