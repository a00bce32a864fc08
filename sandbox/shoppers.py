"""The control API that plays shoppers and Meta itself: inbound messages, opt-outs, events."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from sandbox import envelopes
from sandbox.core import SANDBOX, Sandbox, bad_request, json_object

WA_ID = re.compile(r"[0-9]{5,15}")
DEFAULT_NAME = "Покупатель"
ASSIGNED = ("from", "id", "timestamp")


def _wa_id(request: web.Request) -> str:
    wa_id = request.match_info["wa_id"]
    if not WA_ID.fullmatch(wa_id):
        raise bad_request("wa_id must be 5 to 15 digits")
    return wa_id


def _name(sandbox: Sandbox, wa_id: str, body: dict[str, Any]) -> str:
    name = body.pop("name", None)
    if name is not None:
        if not isinstance(name, str) or not name:
            raise bad_request("name must be a non-empty string")
        sandbox.names[wa_id] = name
    return sandbox.names.get(wa_id, DEFAULT_NAME)


async def shopper_message(request: web.Request) -> web.Response:
    """The shopper sends one `messages[]` item; the sandbox fills in from, id and timestamp."""
    sandbox = request.app[SANDBOX]
    wa_id = _wa_id(request)
    body = await json_object(request)
    name = _name(sandbox, wa_id, body)
    kind = body.get("type")
    if not isinstance(kind, str) or not kind:
        raise bad_request("type is required")
    if kind not in {"unsupported", "unknown"} and not isinstance(body.get(kind), dict):
        raise bad_request(f"a {kind} message needs a {kind} object")
    wamid = sandbox.state.new_wamid()
    message = {"from": wa_id, "id": wamid, "timestamp": str(sandbox.timestamp())}
    message.update({k: v for k, v in body.items() if k not in ASSIGNED})
    _fill_context(sandbox, message)
    sandbox.state.record_inbound(wa_id, wamid, message)
    delivery = sandbox.delivery.post(
        "messages", envelopes.inbound_message(sandbox.config, wa_id, name, message)
    )
    return web.json_response({"wamid": wamid, "delivery": delivery.id})


def _fill_context(sandbox: Sandbox, message: dict[str, Any]) -> None:
    """A reply's context names our number as `from`, as Meta's does."""
    context = message.get("context")
    if isinstance(context, dict) and "id" in context and "from" not in context:
        message["context"] = {"from": sandbox.config.display_phone_number, **context}


async def shopper_preferences(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX]
    wa_id = _wa_id(request)
    body = await json_object(request)
    value = body.get("value")
    if value not in {"stop", "resume"}:
        raise bad_request('value must be "stop" or "resume"')
    if value == "stop":
        sandbox.state.stopped_marketing.add(wa_id)
    else:
        sandbox.state.stopped_marketing.discard(wa_id)
    name = _name(sandbox, wa_id, body)
    payload = envelopes.user_preferences(sandbox.config, wa_id, name, value, sandbox.timestamp())
    delivery = sandbox.delivery.post("user_preferences", payload)
    return web.json_response({"value": value, "delivery": delivery.id})


async def raw_event(request: web.Request) -> web.Response:
    """Any other webhook: `{"field": "...", "value": {...}}` sent in Meta's envelope."""
    sandbox = request.app[SANDBOX]
    body = await json_object(request)
    field, value = body.get("field"), body.get("value")
    if not isinstance(field, str) or not field or not isinstance(value, dict):
        raise bad_request("field (a string) and value (an object) are required")
    payload = envelopes.account_envelope(sandbox.config, field, value, sandbox.timestamp())
    delivery = sandbox.delivery.post(field, payload)
    return web.json_response({"delivery": delivery.id})


QUALITY_RATINGS = {"GREEN", "YELLOW", "RED", "NA"}


async def phone_quality(request: web.Request) -> web.Response:
    """`{"quality_rating": "YELLOW", "event": "FLAGGED"}`: set the number's rating; with an
    `event`, also send `phone_number_quality_update` as Meta does."""
    sandbox = request.app[SANDBOX]
    body = await json_object(request)
    rating, event = body.get("quality_rating"), body.get("event")
    if rating not in QUALITY_RATINGS or (event is not None and not isinstance(event, str)):
        raise bad_request(f"quality_rating must be one of {sorted(QUALITY_RATINGS)}")
    sandbox.state.quality_rating = str(rating)
    answer: dict[str, Any] = {"quality_rating": rating}
    if event:
        value = {
            "display_phone_number": sandbox.config.display_phone_number,
            "event": event,
            "current_limit": str(body.get("current_limit", "TIER_1K")),
        }
        payload = envelopes.account_envelope(
            sandbox.config, "phone_number_quality_update", value, sandbox.timestamp()
        )
        answer["delivery"] = sandbox.delivery.post("phone_number_quality_update", payload).id
    return web.json_response(answer)


async def list_templates(request: web.Request) -> web.Response:
    return web.json_response([t.graph() for t in request.app[SANDBOX].templates.all()])


async def upsert_template(request: web.Request) -> web.Response:
    """Add or replace a template (Graph shape; status defaults to APPROVED); no webhook."""
    sandbox = request.app[SANDBOX]
    try:
        template = sandbox.templates.upsert(await json_object(request))
    except ValueError as exc:
        raise bad_request(str(exc)) from exc
    return web.json_response(template.graph())


async def template_status(request: web.Request) -> web.Response:
    """Change a template's status and send `message_template_status_update`."""
    sandbox = request.app[SANDBOX]
    info = request.match_info
    template = sandbox.templates.get(info["name"], info["language"])
    if template is None:
        raise web.HTTPNotFound(
            text='{"error": "no such template"}', content_type="application/json"
        )
    body = await json_object(request)
    reason = body.get("reason", "NONE")
    status = body.get("status")
    try:
        sandbox.templates.set_status(template, status)
    except ValueError as exc:
        raise bad_request(str(exc)) from exc
    value = envelopes.template_status_update(
        template.id,
        template.name,
        template.language,
        template.category,
        template.status,
        str(reason),
    )
    payload = envelopes.account_envelope(
        sandbox.config, "message_template_status_update", value, sandbox.timestamp()
    )
    delivery = sandbox.delivery.post("message_template_status_update", payload)
    return web.json_response({**template.graph(), "delivery": delivery.id})


def setup(app: web.Application) -> None:
    router = app.router
    router.add_post("/control/shoppers/{wa_id}/messages", shopper_message)
    router.add_post("/control/shoppers/{wa_id}/preferences", shopper_preferences)
    router.add_post("/control/events", raw_event)
    router.add_post("/control/phone", phone_quality)
    router.add_get("/control/templates", list_templates)
    router.add_post("/control/templates", upsert_template)
    router.add_post("/control/templates/{name}/{language}/status", template_status)
