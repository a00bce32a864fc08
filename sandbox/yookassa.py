"""The fake YooKassa over HTTP: the v3 API and the confirmation page.

`setup_yookassa(app, config)` adds `/yookassa/v3/...`, `/yookassa/confirm/{id}` and the
control API `/control/yookassa/...` (see `sandbox/yookassa_control.py`) to the sandbox app.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from sandbox import yookassa_receipts as receipts
from sandbox.config import SandboxConfig
from sandbox.waiting import wait_set
from sandbox.yookassa_control import setup_control
from sandbox.yookassa_fake import FAKE, FakeYooKassa
from sandbox.yookassa_fake import fake_of as _fake
from sandbox.yookassa_state import ApiFailure, bad, public

Handler = Callable[[web.Request], Awaitable[web.Response]]


def _authorised(request: web.Request, config: SandboxConfig) -> bool:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return False
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return (user, password) == (config.yookassa_shop_id, config.yookassa_secret_key)


def api(handler: Handler) -> Handler:
    """Auth, errors as YooKassa shapes them, lazy link expiry and injected faults."""

    async def wrapped(request: web.Request) -> web.Response:
        fake = _fake(request)
        if not _authorised(request, fake.config):
            failure = ApiFailure(401, "invalid_credentials", "Authentication failed")
            return web.json_response(failure.body(), status=401)
        await fake.notify(fake.books.expire())
        try:
            response = await handler(request)
        except ApiFailure as failure:
            response = web.json_response(failure.body(), status=failure.status)
        # Faults strike after the work is done: the caller cannot know the outcome.
        if fake.faults.delays:
            # Held like a hung server, but released at shutdown so tests end promptly.
            await wait_set(fake.shutdown, fake.faults.delays.pop(0))
        if fake.faults.errors > 0:
            fake.faults.errors -= 1
            lost = ApiFailure(500, "internal_server_error", "Internal server error")
            return web.json_response(lost.body(), status=500)
        return response

    return wrapped


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise bad("Request body is not JSON") from None
    if not isinstance(body, dict):
        raise bad("Request body must be a JSON object")
    return body


async def _idempotent(
    request: web.Request, work: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
) -> web.Response:
    books = _fake(request).books
    body = await _body(request) if request.can_read_body else {}
    key = request.headers.get("Idempotence-Key")
    seen = books.remember(key, request.path, body)
    if seen is not None:
        return web.json_response(seen)
    answer = await work(body)
    books.store(str(key), request.path, body, answer)
    return web.json_response(answer)


def _confirm_base(request: web.Request) -> str:
    """Where this fake is reachable, as the caller addressed it (mount prefix included)."""
    prefix = request.path.rsplit("/v3/", 1)[0]
    return f"{request.url.origin()}{prefix}"


@api
async def create_payment(request: web.Request) -> web.Response:
    async def work(body: dict[str, Any]) -> dict[str, Any]:
        return public(_fake(request).books.create_payment(body, _confirm_base(request)))

    return await _idempotent(request, work)


@api
async def get_payment(request: web.Request) -> web.Response:
    return web.json_response(public(_fake(request).books.payment(request.match_info["id"])))


@api
async def list_payments(request: web.Request) -> web.Response:
    return web.json_response(_fake(request).books.list_payments(dict(request.query)))


@api
async def cancel_payment(request: web.Request) -> web.Response:
    fake = _fake(request)

    async def work(_: dict[str, Any]) -> dict[str, Any]:
        event = fake.books.cancel(fake.books.payment(request.match_info["id"]))
        await fake.notify([event])
        return public(event[1])

    return await _idempotent(request, work)


@api
async def capture_payment(request: web.Request) -> web.Response:
    fake = _fake(request)

    async def work(_: dict[str, Any]) -> dict[str, Any]:
        payment = fake.books.payment(request.match_info["id"])
        if payment["status"] != "waiting_for_capture":
            raise bad("Only a payment waiting for capture can be captured", "payment_id")
        event = fake.books.capture(payment)
        await fake.notify([event])
        return public(payment)

    return await _idempotent(request, work)


@api
async def create_refund(request: web.Request) -> web.Response:
    fake = _fake(request)

    async def work(body: dict[str, Any]) -> dict[str, Any]:
        refund, event = fake.books.create_refund(body)
        await fake.notify([event])
        return refund

    return await _idempotent(request, work)


@api
async def list_refunds(request: web.Request) -> web.Response:
    return web.json_response(_fake(request).books.list_refunds(dict(request.query)))


@api
async def get_refund(request: web.Request) -> web.Response:
    refund = _fake(request).books.refunds.get(request.match_info["id"])
    if refund is None:
        raise ApiFailure(404, "not_found", "Refund not found", "refund_id")
    return web.json_response(refund)


@api
async def create_receipt(request: web.Request) -> web.Response:
    fake = _fake(request)

    async def work(body: dict[str, Any]) -> dict[str, Any]:
        outcome = fake.faults.receipt_outcome
        return public(receipts.create_receipt(fake.books, body, outcome))

    return await _idempotent(request, work)


@api
async def get_receipt(request: web.Request) -> web.Response:
    receipt = receipts.get_receipt(_fake(request).books, request.match_info["id"])
    return web.json_response(public(receipt))


@api
async def list_receipts(request: web.Request) -> web.Response:
    return web.json_response(receipts.list_receipts(_fake(request).books, dict(request.query)))


_PAGE = """<!doctype html><html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>ЮKassa (песочница)</title></head><body>
<p><strong>Песочница ЮKassa</strong> — настоящие деньги не списываются.</p>
<h1>Оплата {amount} ₽</h1><p>{description}</p>{body}</body></html>"""
_BUTTONS = """<form method="post"><button name="action" value="pay">Оплатить</button>
<button name="action" value="decline">Отклонить</button></form>"""


async def confirm_page(request: web.Request) -> web.Response:
    fake = _fake(request)
    await fake.notify(fake.books.expire())
    payment = fake.books.payments.get(request.match_info["id"])
    if payment is None:
        raise web.HTTPNotFound(text="Платёж не найден")
    if payment["status"] == "pending":
        body = _BUTTONS
    else:
        body = f"<p>Статус платежа: {html.escape(payment['status'])}</p>"
    text = _PAGE.format(
        amount=html.escape(payment["amount"]["value"]),
        description=html.escape(payment.get("description", "")),
        body=body,
    )
    return web.Response(text=text, content_type="text/html")


async def confirm_action(request: web.Request) -> web.Response:
    fake = _fake(request)
    await fake.notify(fake.books.expire())
    payment = fake.books.payments.get(request.match_info["id"])
    if payment is None:
        raise web.HTTPNotFound(text="Платёж не найден")
    action = (await request.post()).get("action")
    if payment["status"] == "pending" and action in {"pay", "decline"}:
        if action == "pay":
            event = fake.books.pay(payment, fake.faults.paid_amount)
            fake.faults.paid_amount = None
        else:
            event = fake.books.decline(payment)
        await fake.notify([event])
    raise web.HTTPSeeOther(fake.books.return_urls.get(payment["id"], request.path))


@api
async def me(request: web.Request) -> web.Response:
    """`GET /me`: the shop the credentials belong to (YooKassa's credential check)."""
    config = _fake(request).config
    return web.json_response(
        {
            "account_id": config.yookassa_shop_id,
            "test": True,
            "fiscalization_enabled": True,
            "payment_methods": ["bank_card", "yoo_money", "sbp"],
            "status": "enabled",
        }
    )


async def _release_delays(app: web.Application) -> None:
    app[FAKE].shutdown.set()


def setup_yookassa(app: web.Application, config: SandboxConfig) -> None:
    app[FAKE] = FakeYooKassa(config)
    app.on_shutdown.append(_release_delays)
    add = app.router
    add.add_post("/yookassa/v3/payments", create_payment)
    add.add_get("/yookassa/v3/payments", list_payments)
    add.add_get("/yookassa/v3/payments/{id}", get_payment)
    add.add_post("/yookassa/v3/payments/{id}/cancel", cancel_payment)
    add.add_post("/yookassa/v3/payments/{id}/capture", capture_payment)
    add.add_post("/yookassa/v3/refunds", create_refund)
    add.add_get("/yookassa/v3/refunds", list_refunds)
    add.add_get("/yookassa/v3/refunds/{id}", get_refund)
    add.add_post("/yookassa/v3/receipts", create_receipt)
    add.add_get("/yookassa/v3/receipts", list_receipts)
    add.add_get("/yookassa/v3/receipts/{id}", get_receipt)
    add.add_get("/yookassa/v3/me", me)
    add.add_get("/yookassa/confirm/{id}", confirm_page)
    add.add_post("/yookassa/confirm/{id}", confirm_action)
    setup_control(app)
