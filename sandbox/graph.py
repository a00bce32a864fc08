"""The Graph API routes the service calls: messages, templates, nodes and webhook subscriptions."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from sandbox.auth import token_of
from sandbox.core import SANDBOX, Sandbox
from sandbox.errors import GraphError, sync_error_body
from sandbox.outbound import accept
from sandbox.template_review import TemplateRefused, review
from sandbox.templates import decode_cursor, encode_cursor

MAX_PAGE = 1000


def error_response(error: GraphError) -> web.Response:
    return web.json_response(error.body(), status=error.http_status)


def _check_token(request: web.Request) -> None:
    if token_of(request) is None:
        raise GraphError(190, "Invalid OAuth access token - Cannot parse access token")


def _check_object(object_id: str, expected: str, verb: str) -> None:
    if object_id != expected:
        raise GraphError(
            100,
            f"Unsupported {verb} request. Object with ID '{object_id}' does not exist, cannot be "
            "loaded due to missing permissions, or does not support this operation.",
        )


async def send_message(request: web.Request) -> web.Response:
    """Like Meta, the fake goes on with a request that has arrived even when the caller stops
    waiting for the answer (a timeout, a crash): the answer is worked out in a task of its
    own, which the caller's going away does not cancel."""
    await request.read()
    task = asyncio.create_task(_answer(request))
    request.app[SANDBOX].faults.keep(task)
    return await asyncio.shield(task)


async def _answer(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    sandbox.faults.in_flight += 1
    try:
        response = await _send_message(request)
    finally:
        sandbox.faults.in_flight -= 1
    if response.status != 200:
        sandbox.state.stats.refuse(_code_of(response))
    return response


def _code_of(response: web.Response) -> int:
    body = response.body
    try:
        code = json.loads(body if isinstance(body, bytes) else b"{}")["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return 0
    return int(code)


async def _send_message(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    try:
        _check_token(request)
        fault = sandbox.faults.take()
        if sandbox.faults.latency_ms:
            await asyncio.sleep(sandbox.faults.latency_ms / 1000)
        early = await _apply_fault(sandbox, fault)
        if early is not None:
            return early
        phone_number_id = request.match_info["phone_number_id"]
        _check_object(phone_number_id, sandbox.config.phone_number_id, "post")
        body = await _json(request)
        return web.json_response(accept(sandbox, body, phone_number_id, fault.get("fail_later")))
    except GraphError as error:
        return error_response(error)


async def _json(request: web.Request) -> Any:
    try:
        return await request.json()
    except ValueError as exc:
        raise GraphError(100, "The request body is not valid JSON.") from exc


async def _apply_fault(sandbox: Sandbox, fault: dict[str, Any]) -> web.Response | None:
    if "delay_ms" in fault:
        await asyncio.sleep(fault["delay_ms"] / 1000)
    if fault.get("timeout"):
        await sandbox.faults.hold(sandbox.state.behaviour.timeout_hold_s)
        return error_response(GraphError(131000, "The request was held and then dropped."))
    if "http_status" in fault:
        status = fault["http_status"]
        code = fault.get("error_code") or (131000 if status >= 500 else 100)
        return web.json_response(sync_error_body(code), status=status)
    if "error_code" in fault:
        return error_response(GraphError(fault["error_code"]))
    return None


async def list_templates(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    try:
        _check_token(request)
        _check_object(request.match_info["waba_id"], sandbox.config.business_account_id, "get")
        limit, after = _paging(request)
        filters = {k: v for k, v in request.query.items() if k not in {"limit", "after"}}
        items, after_cursor, next_cursor = sandbox.templates.page(filters, limit, after)
    except GraphError as error:
        return error_response(error)
    result: dict[str, Any] = {"data": [t.graph() for t in items]}
    if items:
        first = decode_cursor(after) + 1 if after else 0
        cursors = {"before": encode_cursor(first), "after": after_cursor}
        result["paging"] = {"cursors": cursors}
        if next_cursor:
            result["paging"]["next"] = str(request.url.update_query(after=next_cursor))
    return web.json_response(result)


def _paging(request: web.Request) -> tuple[int, str | None]:
    try:
        limit = int(request.query.get("limit", "25"))
        after = request.query.get("after") or None
        if after:
            decode_cursor(after)
    except ValueError as exc:
        raise GraphError(100, "Invalid limit or after cursor") from exc
    if not 1 <= limit <= MAX_PAGE:
        raise GraphError(100, f"limit must be between 1 and {MAX_PAGE}")
    return limit, after


async def create_template(request: web.Request) -> web.Response:
    """`POST /{waba_id}/message_templates`: new templates start PENDING, as at Meta."""
    sandbox = request.app[SANDBOX]
    try:
        _check_token(request)
        _check_object(request.match_info["waba_id"], sandbox.config.business_account_id, "post")
        body = await _json(request)
        if not isinstance(body, dict):
            raise GraphError(100, "body must be an object")
        try:
            review(body, sandbox.templates)
            template = sandbox.templates.upsert({**body, "status": "PENDING"})
        except ValueError as exc:
            raise GraphError(100, str(exc)) from exc
    except GraphError as error:
        return error_response(error)
    except TemplateRefused as refused:
        return web.json_response(refused.body(), status=400)
    return web.json_response(
        {"id": template.id, "status": template.status, "category": template.category}
    )


async def graph_node(request: web.Request) -> web.Response:
    """`GET /{id}`: the phone number's profile (with its current quality rating), or the
    business account's or the catalog's default fields, as Meta reads a node."""
    sandbox = request.app[SANDBOX]
    config = sandbox.config
    node = request.match_info["node_id"]
    try:
        _check_token(request)
        if node == config.business_account_id:
            return web.json_response({"id": node, "name": "Vitrina Sandbox"})
        if node == config.catalog_id:
            return web.json_response({"id": node, "name": "Vitrina Sandbox catalog"})
        _check_object(node, config.phone_number_id, "get")
    except GraphError as error:
        return error_response(error)
    behaviour = sandbox.state.behaviour
    return web.json_response(
        {
            "verified_name": "Vitrina Sandbox",
            "display_phone_number": config.display_phone_number,
            "quality_rating": sandbox.state.quality_rating,
            "throughput": {"level": "HIGH" if behaviour.messages_per_second > 80 else "STANDARD"},
            "id": config.phone_number_id,
        }
    )


SANDBOX_APP = {
    "id": "400000000000001",
    "name": "Vitrina Sandbox",
    "link": "https://vitrina.example",
}


async def subscribed_apps(request: web.Request) -> web.Response:
    """`/{waba_id}/subscribed_apps`: GET lists the apps that get the account's webhooks,
    POST subscribes the calling app, DELETE unsubscribes it ({"success": true} both). The
    fake's one app starts subscribed, as the sandbox delivers webhooks from the start; while
    unsubscribed, the list is empty (the webhooks themselves still flow)."""
    sandbox = request.app[SANDBOX]
    try:
        _check_token(request)
        _check_object(
            request.match_info["waba_id"], sandbox.config.business_account_id, request.method
        )
    except GraphError as error:
        return error_response(error)
    if request.method == "GET":
        apps = [{"whatsapp_business_api_data": SANDBOX_APP}] if sandbox.state.subscribed else []
        return web.json_response({"data": apps})
    sandbox.state.subscribed = request.method == "POST"
    return web.json_response({"success": True})


def setup(app: web.Application) -> None:
    app.router.add_post("/graph/{version}/{phone_number_id}/messages", send_message)
    app.router.add_get("/graph/{version}/{waba_id}/message_templates", list_templates)
    app.router.add_post("/graph/{version}/{waba_id}/message_templates", create_template)
    app.router.add_get("/graph/{version}/{waba_id}/subscribed_apps", subscribed_apps)
    app.router.add_post("/graph/{version}/{waba_id}/subscribed_apps", subscribed_apps)
    app.router.add_delete("/graph/{version}/{waba_id}/subscribed_apps", subscribed_apps)
    app.router.add_get("/graph/{version}/{node_id}", graph_node)
