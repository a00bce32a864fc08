"""Merchant pages: orders and refunds, the reconciliation report, chats waiting for a person."""

from __future__ import annotations

import secrets
from datetime import timedelta

from aiohttp import web
from sqlmodel import col, select

from payments.gateway import GatewayError
from payments.reconcile import Period
from payments.reconcile_render import report_dict
from shop.channel.messages import TextMessage
from shop.conversation.state import ChatState, Context
from shop.payflow.queries import list_orders, order_detail
from shop.payflow.reconciliation import build_report
from shop.payflow.refunds import LineRefund, RefundRefused, RefundUnavailable
from shop.shopping.carts import store_state
from shop.shopping.tables import ShopChat
from shop.web.admin import frame
from shop.web.api.orders import period_of
from shop.web.keys import RUNTIME


async def orders_page(request: web.Request) -> web.Response:
    async with request.app[RUNTIME].db.sessions() as session:
        orders = await list_orders(session, status=request.query.get("status") or None, limit=200)
    return frame.render(
        "orders.html", request, {"orders": orders, "status": request.query.get("status", "")}
    )


async def order_page(
    request: web.Request, notice: str | None = None, status: int = 200
) -> web.Response:
    async with request.app[RUNTIME].db.sessions() as session:
        detail = await order_detail(session, int(request.match_info["id"]))
    if detail is None:
        raise web.HTTPNotFound(text="no such order")
    context = {"order": detail, "notice": notice, "request_key": secrets.token_urlsafe(16)}
    return frame.render("order.html", request, context, status=status)


async def refund(request: web.Request) -> web.Response:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    refunds = request.app[RUNTIME].order_refunds
    if refunds is None:
        raise web.HTTPServiceUnavailable(text="payments are not configured")
    lines = [
        LineRefund(str(name).removeprefix("qty:"), int(str(value)))
        for name, value in form.items()
        if str(name).startswith("qty:") and str(value).strip() not in ("", "0")
    ]
    try:
        await refunds.refund(
            int(request.match_info["id"]),
            lines=lines if form.get("mode") == "lines" else None,
            delivery=form.get("delivery") == "on",
            reason=str(form.get("reason", "")),
            request_key=str(form.get("request_key") or "") or None,
        )
    except (RefundRefused, RefundUnavailable, ValueError) as exc:
        return await order_page(request, notice=f"Возврат не выполнен: {exc}", status=422)
    raise web.HTTPSeeOther(f"/admin/orders/{request.match_info['id']}")


async def reconciliation_page(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    today = runtime.clock.now().astimezone(runtime.settings.zone).date()
    if "since" not in request.query:
        period = Period(today - timedelta(days=6), today)
    else:
        period = period_of(request)
    report, notice = None, None
    if runtime.yookassa is not None:
        try:
            report = report_dict(
                await build_report(runtime.db, runtime.yookassa, period, as_of=runtime.clock.now())
            )
        except GatewayError:
            notice = "ЮKassa не ответила, отчёт не собран. Попробуйте позже."
    context = {"report": report, "notice": notice, "since": period.since, "until": period.until}
    return frame.render("reconciliation.html", request, context)


async def chats_page(request: web.Request, notice: str | None = None) -> web.Response:
    async with request.app[RUNTIME].db.sessions() as session:
        query = (
            select(ShopChat)
            .where(col(ShopChat.operator_requested_at).is_not(None))
            .order_by(col(ShopChat.operator_requested_at))
        )
        chats = (await session.exec(query)).all()
    return frame.render("chats.html", request, {"chats": chats, "notice": notice})


async def chat_reply(request: web.Request) -> web.Response:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    runtime = request.app[RUNTIME]
    chat_id = int(request.match_info["id"])
    text = str(form.get("text", "")).strip()
    replied = False
    async with runtime.db.transaction() as session:
        chat = await session.get(ShopChat, chat_id)
        if chat is None:
            raise web.HTTPNotFound(text="no such chat")
        if form.get("action") == "release":
            chat.operator_requested_at = None
            store_state(chat, ChatState.MENU, Context(), runtime.clock.now())
            sent = True
        elif text and runtime.channel is not None:
            message = TextMessage(body=text[:4096])
            key = f"op:{secrets.token_hex(8)}"
            sent = (await runtime.channel.enqueue(session, message, to=chat.wa_id, key=key)).queued
            replied = sent
        else:
            sent = True
    if replied and runtime.channel is not None:
        runtime.channel.wake_sender()  # the reply leaves now, not at the sender's next poll
    if not sent:
        return await chats_page(
            request,
            notice=(
                "Не отправлено: покупатель не писал больше 24 часов, "
                "свободный текст WhatsApp не пропустит."
            ),
        )
    raise web.HTTPSeeOther("/admin/chats")


def setup(app: web.Application) -> None:
    app.router.add_get("/admin/orders", orders_page)
    app.router.add_get("/admin/orders/{id:\\d+}", order_page)
    app.router.add_post("/admin/orders/{id:\\d+}/refund", refund)
    app.router.add_get("/admin/reconciliation", reconciliation_page)
    app.router.add_get("/admin/chats", chats_page)
    app.router.add_post("/admin/chats/{id:\\d+}", chat_reply)
    frame.add_nav(app, "Заказы", "/admin/orders")
    frame.add_nav(app, "Сверка", "/admin/reconciliation")
    frame.add_nav(app, "Чаты", "/admin/chats")
