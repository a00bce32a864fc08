"""`POST /api/orders/{id}/status`: move an order along its path (shop/orders/lifecycle.py)."""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from shop.orders.events import Actor
from shop.orders.lifecycle import Ask, BadTracking, Changed, Refusal, check_tracking
from shop.orders.model import OrderStatus
from shop.texts import t
from shop.web.admin import frame
from shop.web.api.answers import ApiError, left_out
from shop.web.api.routes import ApiRoutes
from shop.web.keys import SERVICES
from shop.web.validation import BadInput, path_id

api = ApiRoutes("orders")


class StatusBody(BaseModel):
    """The step to take; tracking only with `shipped`; a reason for a cancel."""

    model_config = ConfigDict(extra="forbid")
    status: OrderStatus
    tracking_number: str | None = Field(default=None, max_length=64)
    carrier: str | None = Field(default=None, max_length=64, examples=["CDEK"])
    tracking_url: str | None = Field(default=None, max_length=500)
    reason: str = Field(default="", max_length=500)


class StatusChanged(BaseModel):
    """The order after the step; a cancel of a paid order says what its refund did."""

    id: int
    number: str | None
    status: OrderStatus
    previous: OrderStatus
    allowed: list[OrderStatus] = Field(description="the steps that may follow now")
    refund_status: str | SkipJsonSchema[None] = left_out("the cancel's full refund")
    refund_problem: str | SkipJsonSchema[None] = left_out("why the refund is not done yet")


class StatusRefused(ApiError):
    """The step is not allowed from the order's status: `allowed` lists the ones that are."""

    status: OrderStatus
    allowed: list[OrderStatus]


@api.post(
    "/api/orders/{id:\\d+}/status",
    "Move an order: confirm, assemble, ship with tracking, hand over, close, cancel, return",
    body=StatusBody,
    answers={200: StatusChanged, 404: ApiError, 409: StatusRefused},
)
async def post_status(request: web.Request, body: StatusBody) -> web.Response:
    try:
        tracking = check_tracking(body.tracking_number, body.carrier, body.tracking_url)
    except BadTracking as bad:
        raise BadInput(bad.field, t(bad.key, "en")) from None
    if tracking is not None and body.status is not OrderStatus.SHIPPED:
        raise BadInput("tracking_number", t("lifecycle.bad.tracking_only_shipped", "en"))
    signed_in = frame.actor(request)
    ask = Ask(body.status, Actor.staff(signed_in.name, signed_in.role), body.reason, tracking)
    changed = await request.app[SERVICES].lifecycle.change(path_id(request), ask)
    if changed is None:
        return web.json_response({"error": "not_found"}, status=404)
    return answer(path_id(request), changed)


def answer(order_id: int, changed: Changed) -> web.Response:
    decision, before = changed.decision, changed.before
    current = before.value if before is not None else None
    if decision.refusal is Refusal.REASON:
        raise BadInput("reason", t("lifecycle.bad.reason", "en"))
    if decision.refusal is Refusal.FORBIDDEN:
        message = t("lifecycle.refused.forbidden", "en")
        return web.json_response({"error": "forbidden", "message": message}, status=403)
    if decision.target is None:
        body = {
            "error": "illegal_transition",
            "message": t("lifecycle.refused.illegal", "en", status=current),
            "status": current,
            "allowed": [s.value for s in decision.allowed],
        }
        return web.json_response(body, status=409)
    done: dict[str, object] = {
        "id": order_id,
        "number": changed.number,
        "status": decision.target.value,
        "previous": current,
        "allowed": [s.value for s in changed.next_steps],
    }
    if changed.refund is not None:
        done["refund_status"] = changed.refund.status
    if changed.refund_problem is not None:
        done["refund_problem"] = changed.refund_problem
    return web.json_response(done)
