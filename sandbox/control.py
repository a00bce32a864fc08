"""The control API for tests and the chat page: faults, behaviour, clock, logs, flush."""

from __future__ import annotations

from aiohttp import web

from sandbox.core import SANDBOX, bad_request, json_object
from sandbox.faults import parse_faults

FLUSH_TIMEOUT_S = 30.0


async def add_faults(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    body = await json_object(request)
    latency = body.get("latency_ms")
    if latency is not None and (
        isinstance(latency, bool) or not isinstance(latency, int) or latency < 0
    ):
        raise bad_request("latency_ms must be a whole number of milliseconds")
    try:
        faults = parse_faults(body.get("next", []))
    except ValueError as exc:
        raise bad_request(str(exc)) from exc
    sandbox.faults.add(faults)
    if latency is not None:
        sandbox.faults.latency_ms = latency
    return web.json_response(sandbox.faults.view())


async def clear_faults(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    sandbox.faults.clear()
    return web.json_response(sandbox.faults.view())


async def get_faults(request: web.Request) -> web.Response:
    return web.json_response(request.app[SANDBOX].faults.view())


async def get_config(request: web.Request) -> web.Response:
    return web.json_response(request.app[SANDBOX].state.behaviour.as_dict())


async def update_config(request: web.Request) -> web.Response:
    state = request.app[SANDBOX].state
    try:
        state.configure(await json_object(request))
    except ValueError as exc:
        raise bad_request(str(exc)) from exc
    return web.json_response(state.behaviour.as_dict())


async def move_clock(request: web.Request) -> web.Response:
    """`{"advance_seconds": N}` moves time forward; `{"frozen": true}` stops it."""
    clock = request.app[SANDBOX].state.clock
    body = await json_object(request)
    seconds = body.get("advance_seconds", 0)
    frozen = body.get("frozen")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise bad_request("advance_seconds must be a number of seconds, not negative")
    if frozen is not None and not isinstance(frozen, bool):
        raise bad_request("frozen must be true or false")
    if frozen is not None:
        clock.freeze(frozen)
    clock.advance(float(seconds))
    return await get_clock(request)


async def get_clock(request: web.Request) -> web.Response:
    clock = request.app[SANDBOX].state.clock
    return web.json_response(
        {
            "now": clock.now().isoformat(),
            "timestamp": int(clock.timestamp()),
            "frozen": clock.frozen_at is not None,
        }
    )


async def list_messages(request: web.Request) -> web.Response:
    to = request.query.get("to")
    messages = request.app[SANDBOX].state.messages
    return web.json_response([m for m in messages if to is None or m["to"] == to])


async def forget_messages(request: web.Request) -> web.Response:
    """Forget accepted messages and the send counters."""
    state = request.app[SANDBOX].state
    state.messages.clear()
    state.stats.clear()
    return web.json_response({"messages": 0})


async def send_stats(request: web.Request) -> web.Response:
    """Accepted and refused sends (by code) and the most accepted within any one second."""
    return web.json_response(request.app[SANDBOX].state.stats.view())


async def list_webhooks(request: web.Request) -> web.Response:
    """Deliveries oldest first, narrowed by `?state=` and `?field=`; `?limit=N` keeps the last N."""
    state, field = request.query.get("state"), request.query.get("field")
    try:
        limit = int(request.query.get("limit", "0"))
    except ValueError as exc:
        raise bad_request("limit must be a whole number") from exc
    history = [
        d
        for d in request.app[SANDBOX].delivery.history()
        if (state is None or d["state"] == state) and (field is None or d["field"] == field)
    ]
    return web.json_response(history[-limit:] if limit > 0 else history)


async def forget_webhooks(request: web.Request) -> web.Response:
    delivery = request.app[SANDBOX].delivery
    delivery.forget()
    return web.json_response(delivery.counts())


async def flush_webhooks(request: web.Request) -> web.Response:
    """Wait for the delivery queue to drain; `?timeout_s=` bounds the wait (default 30 s)."""
    try:
        timeout = float(request.query.get("timeout_s", FLUSH_TIMEOUT_S))
    except ValueError as exc:
        raise bad_request("timeout_s must be a number") from exc
    counts = await request.app[SANDBOX].delivery.flush(timeout)
    return web.json_response(counts)


def setup(app: web.Application) -> None:
    router = app.router
    router.add_get("/control/faults", get_faults)
    router.add_post("/control/faults", add_faults)
    router.add_delete("/control/faults", clear_faults)
    router.add_get("/control/config", get_config)
    router.add_post("/control/config", update_config)
    router.add_get("/control/clock", get_clock)
    router.add_post("/control/clock", move_clock)
    router.add_get("/control/messages", list_messages)
    router.add_delete("/control/messages", forget_messages)
    router.add_get("/control/stats", send_stats)
    router.add_get("/control/webhooks", list_webhooks)
    router.add_delete("/control/webhooks", forget_webhooks)
    router.add_post("/control/webhooks/flush", flush_webhooks)
