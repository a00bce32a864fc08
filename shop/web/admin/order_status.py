"""The order page's steps: one POST per step, a cancel shown with its amount and asked first."""

from __future__ import annotations

from aiohttp import web

from catalog.money import Money
from shop.access.roles import Role
from shop.orders.lifecycle import Ask, BadTracking, Refusal, check_tracking
from shop.orders.model import OrderStatus
from shop.orders.refunds import RefundRefused
from shop.texts import format_money, t
from shop.web.admin import frame
from shop.web.admin.orders import order_page, staff_actor
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES

pages = PageRoutes()
MOVERS = frozenset({Role.OWNER, Role.OPERATOR})
_REFUSED = {
    Refusal.ILLEGAL: ("lifecycle.refused.illegal", 409),
    Refusal.FORBIDDEN: ("lifecycle.refused.forbidden", 403),
    Refusal.REASON: ("lifecycle.page.reason_needed", 400),
}


@pages.post("/admin/orders/{id:\\d+}/status", allow=MOVERS)
async def change_status(request: web.Request) -> web.Response:
    posted = await request.post()
    await frame.check_csrf(request, str(posted.get("csrf", "")))
    form = {str(k): str(v) for k, v in posted.items() if isinstance(v, str)}
    order_id = int(request.match_info["id"])
    try:
        target = OrderStatus(form.get("status", ""))
        tracking = check_tracking(
            form.get("tracking_number"), form.get("carrier"), form.get("tracking_url")
        )
    except BadTracking as bad:
        notice = t("lifecycle.page.bad_field", field=t(f"lifecycle.page.{bad.field}"))
        return await order_page(request, notice=f"{notice}: {t(bad.key)}", status=400)
    except ValueError:
        return await order_page(request, notice=t("lifecycle.page.unknown_step"), status=400)
    if target is OrderStatus.CANCELED and form.get("confirm") != "yes":
        return await _confirm_cancel(request, order_id, form)
    ask = Ask(target, staff_actor(request), form.get("reason", "").strip(), tracking)
    changed = await request.app[SERVICES].lifecycle.change(order_id, ask)
    if changed is None:
        raise web.HTTPNotFound(text="no such order")
    if changed.decision.refusal is not None:
        key, status = _REFUSED[changed.decision.refusal]
        current = t(f"status.{changed.before}") if changed.before else ""
        return await order_page(request, notice=t(key, status=current), status=status)
    if changed.refund_problem is not None:
        notice = t("lifecycle.page.refund_pending", why=changed.refund_problem)
        return await order_page(request, notice=notice)
    raise web.HTTPSeeOther(f"/admin/orders/{order_id}")


async def _confirm_cancel(
    request: web.Request, order_id: int, form: dict[str, str]
) -> web.Response:
    """What the cancel will do, asked before it is done: the amount going back, if any."""
    services = request.app[SERVICES]
    amount = None
    try:
        preview = await services.refunds.preview(order_id)
        amount = format_money(Money.from_minor(preview.amount_minor), "ru")
    except RefundRefused:
        pass  # nothing paid: nothing to give back
    context = {
        "order_id": order_id,
        "amount": amount,
        "reason": form.get("reason", ""),
    }
    return frame.render("order_cancel_confirm.html", request, context)
