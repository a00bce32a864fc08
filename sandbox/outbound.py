"""What happens to a valid send: limits, the accepted record, and the statuses that follow."""

from __future__ import annotations

from typing import Any

from sandbox import envelopes
from sandbox.core import Sandbox
from sandbox.errors import GraphError
from sandbox.template_send import resolve_template
from sandbox.validation import MarkRead, Outgoing, validate_body


def accept(
    sandbox: Sandbox, body: Any, phone_number_id: str, fail_later: int | None = None
) -> dict[str, Any]:
    """Validate and accept one `/messages` body; returns Meta's response or raises GraphError."""
    parsed = validate_body(body)
    if isinstance(parsed, MarkRead):
        return _mark_read(sandbox, parsed, body)
    category = "service"
    if parsed.kind == "template":
        template = resolve_template(sandbox.templates, body["template"])
        category = template.category.lower()
    limited = sandbox.state.allow_send(parsed.wa_id)
    if limited is not None:
        raise GraphError(limited)
    wamid = sandbox.state.new_wamid()
    sandbox.state.record_accepted(wamid, parsed.wa_id, parsed.kind, body)
    sandbox.state.stats.accept(sandbox.state.clock.timestamp())
    code = fail_later or _late_failure(sandbox, parsed, category)
    opaque = body.get("biz_opaque_callback_data")
    if code is not None:
        item = envelopes.failed_status(wamid, parsed.wa_id, sandbox.timestamp(), code, opaque)
        _schedule(sandbox, phone_number_id, [item])
    elif sandbox.state.behaviour.statuses:
        _schedule(sandbox, phone_number_id, plan_statuses(sandbox, wamid, parsed, category, opaque))
    message: dict[str, Any] = {"id": wamid}
    if parsed.kind == "template":
        message["message_status"] = "accepted"
    return {
        "messaging_product": "whatsapp",
        "contacts": [{"input": parsed.to, "wa_id": parsed.wa_id}],
        "messages": [message],
    }


def _mark_read(sandbox: Sandbox, parsed: MarkRead, body: dict[str, Any]) -> dict[str, Any]:
    shopper = sandbox.state.inbound_from.get(parsed.message_id, "")
    sandbox.state.record_accepted(parsed.message_id, shopper, "mark_as_read", body)
    return {"success": True}


def _late_failure(sandbox: Sandbox, parsed: Outgoing, category: str) -> int | None:
    """Meta accepts these with 200 and reports the failure later as a status."""
    if parsed.kind != "template" and not sandbox.state.window_open(parsed.wa_id):
        return 131047
    if category == "marketing" and parsed.wa_id in sandbox.state.stopped_marketing:
        return 131050
    return None


def plan_statuses(
    sandbox: Sandbox, wamid: str, parsed: Outgoing, category: str, opaque: str | None
) -> list[dict[str, Any]]:
    """sent, delivered, read — with delivered skipped, duplicates and reordering as configured."""
    state, b = sandbox.state, sandbox.state.behaviour
    names = ["sent"]
    if not state.roll(b.skip_delivered_ratio):
        names.append("delivered")
    if state.roll(b.read_ratio):
        names.append("read")
    ts = sandbox.timestamp()
    items = [
        envelopes.status(wamid, name, parsed.wa_id, ts, category=category, opaque=opaque)
        for name in names
    ]
    items += [dict(item) for item in list(items) if state.roll(b.duplicate_ratio)]
    if state.roll(b.reorder_ratio):
        items.reverse()
    return items


def _schedule(sandbox: Sandbox, phone_number_id: str, items: list[dict[str, Any]]) -> None:
    delay = sandbox.state.behaviour.status_delay_ms / 1000
    for item in items:
        sandbox.delivery.add_status(phone_number_id, item, delay)
