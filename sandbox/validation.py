"""Validation of `/messages` bodies the way the Cloud API checks them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sandbox import checks
from sandbox.errors import GraphError
from sandbox.interactive import validate_interactive
from sandbox.template_send import check_template_shape

TEXT_LIMIT = 4096
MEDIA = {"image", "audio", "video", "document", "sticker"}
TYPES = {"text", "interactive", "template", "location", "contacts", "reaction", *MEDIA}
PHONE = re.compile(r"\+?[0-9]{5,15}")


@dataclass(frozen=True)
class Outgoing:
    """A valid send: recipient, message type, and interactive subtype when there is one."""

    to: str
    kind: str
    subtype: str | None = None

    @property
    def wa_id(self) -> str:
        return self.to.lstrip("+")


@dataclass(frozen=True)
class MarkRead:
    message_id: str


def validate_body(body: Any) -> Outgoing | MarkRead:
    data = checks.obj(body, "body")
    if data.get("messaging_product") != "whatsapp":
        raise GraphError(100, "The parameter messaging_product is required and must be whatsapp.")
    if "status" in data:
        return _mark_read(data)
    to = checks.required(data, "to", "message")
    if not isinstance(to, str) or not PHONE.fullmatch(to):
        raise GraphError(100, "The parameter to must be a phone number in E.164 digits.")
    if data.get("recipient_type", "individual") != "individual":
        raise GraphError(100, "recipient_type must be individual")
    kind = checks.one_of(data.get("type", "text"), TYPES, "type")
    _context(data)
    opaque = data.get("biz_opaque_callback_data")
    if opaque is not None and (not isinstance(opaque, str) or len(opaque) > 512):
        raise GraphError(131009, "biz_opaque_callback_data is a string of at most 512 characters")
    payload = checks.required(data, kind, "message")
    subtype = _validate_payload(kind, payload)
    return Outgoing(to=to, kind=kind, subtype=subtype)


def _mark_read(data: dict[str, Any]) -> MarkRead:
    checks.one_of(data.get("status"), {"read"}, "status")
    message_id = checks.required(data, "message_id", "message")
    if not isinstance(message_id, str) or not message_id.startswith("wamid."):
        raise GraphError(100, "message_id must be a wamid")
    if "typing_indicator" in data:
        indicator = checks.obj(data["typing_indicator"], "typing_indicator")
        checks.one_of(indicator.get("type"), {"text"}, "typing_indicator.type")
    return MarkRead(message_id=message_id)


def _context(data: dict[str, Any]) -> None:
    if "context" in data:
        context = checks.obj(data["context"], "context")
        checks.text(context, "message_id", "context", 512)


def _validate_payload(kind: str, payload: Any) -> str | None:
    if kind == "interactive":
        return validate_interactive(payload)
    item = checks.obj(payload, kind) if kind != "contacts" else {}
    if kind == "text":
        checks.text(item, "body", "text", TEXT_LIMIT)
        if not isinstance(item.get("preview_url", False), bool):
            raise GraphError(100, "text.preview_url must be true or false")
    elif kind == "template":
        check_template_shape(item)
    elif kind in MEDIA:
        if not item.get("id") and not item.get("link"):
            raise GraphError(131008, f"The parameter {kind}.id or {kind}.link is required.")
        checks.text(item, "caption", kind, 1024, optional=True)
    elif kind == "location":
        _location(item)
    elif kind == "reaction":
        checks.text(item, "message_id", "reaction", 512)
        if not isinstance(item.get("emoji"), str):
            raise GraphError(131008, "The parameter reaction.emoji is required.")
    else:
        checks.items(payload, "contacts", 1, 257)
    return None


def _location(item: dict[str, Any]) -> None:
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = checks.required(item, key, "location")
        if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > bound:
            raise GraphError(131009, f"location.{key} must be a number within ±{bound}")
