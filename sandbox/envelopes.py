"""Meta-shaped webhook payloads: inbound messages, statuses, and account-level events."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sandbox.config import SandboxConfig
from sandbox.errors import async_error


def signature(secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` header value for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def metadata(config: SandboxConfig, phone_number_id: str | None = None) -> dict[str, str]:
    return {
        "display_phone_number": config.display_phone_number,
        "phone_number_id": phone_number_id or config.phone_number_id,
    }


def envelope(config: SandboxConfig, field: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {"id": config.business_account_id, "changes": [{"field": field, "value": value}]}
        ],
    }


def account_envelope(
    config: SandboxConfig, field: str, value: dict[str, Any], time: int
) -> dict[str, Any]:
    """Template and account fields carry `entry[].time` and no `metadata`."""
    payload = envelope(config, field, value)
    payload["entry"][0]["time"] = time
    return payload


def inbound_message(
    config: SandboxConfig, wa_id: str, name: str, message: dict[str, Any]
) -> dict[str, Any]:
    return envelope(
        config,
        "messages",
        {
            "messaging_product": "whatsapp",
            "metadata": metadata(config),
            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
            "messages": [message],
        },
    )


def statuses(
    config: SandboxConfig, phone_number_id: str, items: list[dict[str, Any]]
) -> dict[str, Any]:
    return envelope(
        config,
        "messages",
        {
            "messaging_product": "whatsapp",
            "metadata": metadata(config, phone_number_id),
            "statuses": items,
        },
    )


def status(
    wamid: str,
    state: str,
    recipient: str,
    timestamp: int,
    *,
    category: str,
    opaque: str | None = None,
) -> dict[str, Any]:
    """One `statuses[]` item; `category` is the pricing category (service, marketing, …)."""
    item: dict[str, Any] = {
        "id": wamid,
        "status": state,
        "timestamp": str(timestamp),
        "recipient_id": recipient,
        "pricing": {
            "billable": category != "service",
            "pricing_model": "PMP",
            "category": category,
            "type": "free_customer_service" if category == "service" else "regular",
        },
    }
    if opaque is not None:
        item["biz_opaque_callback_data"] = opaque
    return item


def failed_status(
    wamid: str, recipient: str, timestamp: int, code: int, opaque: str | None = None
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": wamid,
        "status": "failed",
        "timestamp": str(timestamp),
        "recipient_id": recipient,
        "errors": [async_error(code)],
    }
    if opaque is not None:
        item["biz_opaque_callback_data"] = opaque
    return item


def template_status_update(
    template_id: str, name: str, language: str, category: str, event: str, reason: str
) -> dict[str, Any]:
    return {
        "event": event,
        "message_template_id": int(template_id),
        "message_template_name": name,
        "message_template_language": language,
        "reason": reason,
        "message_template_category": category,
    }


def user_preferences(
    config: SandboxConfig, wa_id: str, name: str, value: str, timestamp: int
) -> dict[str, Any]:
    detail = (
        "User requested to stop marketing messages"
        if value == "stop"
        else "User requested to resume marketing messages"
    )
    return envelope(
        config,
        "user_preferences",
        {
            "messaging_product": "whatsapp",
            "metadata": metadata(config),
            "contacts": [{"wa_id": wa_id, "profile": {"name": name}}],
            "user_preferences": [
                {
                    "wa_id": wa_id,
                    "detail": detail,
                    "category": "marketing_messages",
                    "value": value,
                    "timestamp": timestamp,
                }
            ],
        },
    )
