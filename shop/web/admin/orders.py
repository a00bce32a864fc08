"""Merchant pages: orders and refunds, the reconciliation report, chats waiting for a person."""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

from aiohttp import web

from catalog.money import Money
from payments.gateway import GatewayError
from payments.reconcile import Period
from shop.access import roles
from shop.orders.events import Actor
from shop.orders.lifecycle import Ask
from shop.orders.model import OrderStatus
from shop.orders.queries import dead_notifications, order_detail
from shop.orders.refunds import LineRefund, Preview, RefundRefused, RefundUnavailable
from shop.shop_profile.languages import current as shop_languages
from shop.texts import format_money, t
from shop.web.admin import frame, order_list, order_view
from shop.web.admin.listing import BadFilter
from shop.web.admin.reconcile_view import report_view
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES
from shop.web.reconciliation import PeriodQuery, report_of

pages = PageRoutes()


@pages.get("/admin/orders", nav="admin.orders.title", allow=roles.ORDERS)
async def orders_page(request: web.Request) -> web.Response:
    """Paged, filtered by status and days, searched by number or phone; a wrong filter is a
    400 that names the field in Russian and shows the form again."""
    services = request.app[SERVICES]
    try:
        wanted = order_list.asked(request.query, services.settings.zone)
    except BadFilter as bad:
        context: dict[str, Any] = {
            "notice": bad.notice(),
            "form": order_list.empty_form(request.query),
        }
        return frame.render("orders.html", request, {**order_list.NOTHING, **context}, status=400)
    async with services.db.sessions() as session:
        listed = await order_list.orders_list(session, wanted)
        dead = await dead_notifications(session)
    context = {**listed, "form": wanted.form, "dead_notifications": dead}
    return frame.render("orders.html", request, context)


@pages.get("/admin/orders/{id:\\d+}", allow=roles.ORDERS)
async def order_page(
    request: web.Request, notice: str | None = None, status: int = 200
) -> web.Response:
    services = request.app[SERVICES]
    order_id = int(request.match_info["id"])
    async with services.db.sessions() as session:
        detail = await order_detail(session, order_id)
        shop, _ = await shop_languages(session, services.settings.shop_currency)
        card = await order_view.order_card(
            session, order_id, sandbox=services.settings.sandbox, currency=shop.currency
        )
        path = await order_view.path_context(
            session, order_id, staff_actor(request), services.lifecycle
        )
    if detail is None or card is None:
        raise web.HTTPNotFound(text="no such order")
    context = {
        "order": detail,
        "card": card,
        "order_path": path,
        "shown": order_view.readable(detail),
        "notice": notice,
        "request_key": secrets.token_urlsafe(16),
        "delivery_price": _shown(detail["delivery"]["price"], detail["currency"]),
        "total": _shown(detail["total"], detail["currency"]),
    }
    return frame.render("admin_order.html", request, context, status=status)


def _shown(api_value: str | None, currency: str) -> str:
    """`1 299,00 ₽` with no-break spaces, as the merchant reads money (never wrapped)."""
    return format_money(Money(amount=Decimal(api_value or "0"), currency=currency), "ru")


@pages.post("/admin/orders/{id:\\d+}/refund", allow=roles.MONEY)
async def refund(request: web.Request) -> web.Response:
    """Two steps, no script needed: the form's POST shows what would be returned and asks;
    only the confirmation's POST (the same fields plus `confirm`) sends the refund."""
    posted = await request.post()
    await frame.check_csrf(request, str(posted.get("csrf", "")))
    refunds = request.app[SERVICES].refunds
    order_id = int(request.match_info["id"])
    fields = [(str(k), v) for k, v in posted.items() if isinstance(v, str) and k != "csrf"]
    form = dict(fields)
    try:
        lines = _asked_lines(fields)
        delivery = form.get("delivery") == "on"
        if form.get("confirm") != "yes":
            preview = await refunds.preview(order_id, lines=lines, delivery=delivery)
            return _confirmation(request, order_id, fields, preview)
        await refunds.refund(
            order_id,
            lines=lines,
            delivery=delivery,
            reason=str(form.get("reason", "")),
            request_key=str(form.get("request_key") or "") or None,
            actor=frame.actor(request).name,
        )
    except (RefundRefused, RefundUnavailable, ValueError) as exc:
        notice = t("admin.order.refund_failed", why=exc)
        return await order_page(request, notice=notice, status=422)
    if form.get("then") == OrderStatus.RETURNED:
        # Accepting a return: its refund by lines is made, now the order is `returned`.
        ask = Ask(OrderStatus.RETURNED, staff_actor(request), str(form.get("reason", "")))
        await request.app[SERVICES].lifecycle.change(order_id, ask)
    raise web.HTTPSeeOther(f"/admin/orders/{order_id}")


def staff_actor(request: web.Request) -> Actor:
    """The signed-in person as the order's history names them."""
    signed_in = frame.actor(request)
    return Actor.staff(signed_in.name, signed_in.role)


def _asked_lines(fields: list[tuple[str, str]]) -> list[LineRefund] | None:
    """The ticked quantities (mode `lines`), or None: every goods line not yet returned."""
    if dict(fields).get("mode") != "lines":
        return None
    lines = []
    for name, value in fields:
        if not name.startswith("qty:") or value.strip() in ("", "0"):
            continue
        try:
            quantity = int(value)
        except ValueError:
            raise RefundRefused(t("admin.order.bad_quantity", value=value[:20])) from None
        lines.append(LineRefund(name.removeprefix("qty:"), quantity))
    return lines


def _confirmation(
    request: web.Request,
    order_id: int,
    fields: list[tuple[str, str]],
    preview: Preview,
) -> web.Response:
    context = {
        "order_id": order_id,
        "amount": format_money(Money.from_minor(preview.amount_minor), "ru"),
        "retry": preview.retry,
        "pieces": [
            (p.title, p.quantity, format_money(Money.from_minor(p.total_minor), "ru"))
            for p in preview.pieces
        ],
        "fields": [(name, value) for name, value in fields if name != "confirm"],
    }
    return frame.render("refund_confirm.html", request, context)


@pages.get("/admin/reconciliation", nav="admin.reconcile.title", allow=roles.MONEY)
async def reconciliation_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    today = services.clock.now().astimezone(services.settings.zone).date()
    if "since" not in request.query:
        period = Period(today - timedelta(days=6), today)
    else:
        period = PeriodQuery.from_query(request.query, first_of_repeats=True).period()
    report, notice = None, None
    try:
        report = report_view(await report_of(services, period), services.settings.zone)
    except GatewayError:
        notice = t("admin.reconcile.unavailable")
    context = {"report": report, "notice": notice, "since": period.since, "until": period.until}
    return frame.render("reconciliation.html", request, context)
