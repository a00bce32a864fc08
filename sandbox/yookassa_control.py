"""The fake YooKassa's control API for tests and people: faults, clock, flush, state."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from aiohttp import web

from sandbox.yookassa_fake import Faults
from sandbox.yookassa_fake import fake_of as _fake
from sandbox.yookassa_state import public


async def _control_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json() if request.can_read_body else {}
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="control bodies are JSON objects") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="control bodies are JSON objects")
    return body


async def control_faults(request: web.Request) -> web.Response:
    """`{"fault": "error_500"|"timeout"|"different_amount"|"duplicate_notifications"|
    "late_notifications", "times": N, "seconds": S, "amount": "1.00"}`."""
    faults, body = _fake(request).faults, await _control_body(request)
    kind = body.get("fault")
    try:
        times = int(body.get("times", 1))
        if kind == "error_500":
            faults.errors += times
        elif kind == "timeout":
            faults.delays.extend([float(body.get("seconds", 5))] * times)
        elif kind == "different_amount":
            faults.paid_amount = Decimal(str(body["amount"]))
        elif kind == "duplicate_notifications":
            faults.duplicates += times
        elif kind == "late_notifications":
            faults.hold = True
        elif kind == "receipt_canceled":
            faults.receipt_outcome = "canceled"
        else:
            raise web.HTTPBadRequest(text=f"unknown fault {kind!r}")
    except (KeyError, ValueError, InvalidOperation):
        raise web.HTTPBadRequest(text="fault parameters are missing or malformed") from None
    return web.json_response({"faults": _faults_json(faults)})


def _faults_json(faults: Faults) -> dict[str, Any]:
    return {
        "errors": faults.errors,
        "delays": faults.delays,
        "paid_amount": str(faults.paid_amount) if faults.paid_amount is not None else None,
        "duplicates": faults.duplicates,
        "hold": faults.hold,
        "receipt_outcome": faults.receipt_outcome,
    }


async def control_flush(request: web.Request) -> web.Response:
    return web.json_response({"sent": await _fake(request).flush()})


async def control_clock(request: web.Request) -> web.Response:
    """`{"advance_seconds": N}` moves the fake's clock forward and lapses old links."""
    fake, body = _fake(request), await _control_body(request)
    try:
        step = timedelta(seconds=float(body.get("advance_seconds", 0)))
    except (TypeError, ValueError):
        raise web.HTTPBadRequest(text="advance_seconds must be a number") from None
    if step < timedelta(0):
        raise web.HTTPBadRequest(text="the clock only moves forward")
    fake.books.offset += step
    await fake.notify(fake.books.expire())
    return web.json_response({"now": fake.books.now().isoformat()})


async def control_state(request: web.Request) -> web.Response:
    fake = _fake(request)
    return web.json_response(
        {
            "payments": [public(p) for p in fake.books.payments.values()],
            "refunds": list(fake.books.refunds.values()),
            "receipts": [public(r) for r in fake.books.receipts.values()],
            "held": len(fake.held),
            "delivered": fake.delivered,
            "faults": _faults_json(fake.faults),
        }
    )


def setup_control(app: web.Application) -> None:
    app.router.add_post("/control/yookassa/faults", control_faults)
    app.router.add_post("/control/yookassa/notifications/flush", control_flush)
    app.router.add_post("/control/yookassa/clock", control_clock)
    app.router.add_get("/control/yookassa/state", control_state)
