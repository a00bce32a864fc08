"""Signature check and the split of a webhook body into inbox rows (pure; no I/O)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from webhooks.whatsapp_models import (
    PhoneQualityUpdate,
    TemplateStatusUpdate,
    UserPreference,
)

SIGNATURE_PREFIX = "sha256="

Row = dict[str, Any]


def sign(secret: bytes, body: bytes) -> str:
    """The `X-Hub-Signature-256` value Meta sends for `body`."""
    return SIGNATURE_PREFIX + hmac.new(secret, body, hashlib.sha256).hexdigest()


def signature_ok(secret: bytes, body: bytes, header: str | None) -> bool:
    """Constant-time check of `X-Hub-Signature-256` over the raw body."""
    if not header or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), header[len(SIGNATURE_PREFIX) :].encode())


# Fields whose whole value is one event, validated at intake.
EVENT_MODELS: dict[str, type[BaseModel]] = {
    "message_template_status_update": TemplateStatusUpdate,
    "phone_number_quality_update": PhoneQualityUpdate,
}


class Unparseable(ValueError):
    """A signed body that is not a WhatsApp envelope we can split; becomes a dead letter."""


def _at(timestamp: Any) -> datetime | None:
    if isinstance(timestamp, bool):
        return None
    try:
        return datetime.fromtimestamp(int(timestamp), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _digest(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _row(now: datetime, *, kind: str, dedup: str, chat: str, payload: Any, **extra: Any) -> Row:
    return {
        "dedup_key": dedup[:300],
        "kind": kind,
        "chat_key": chat[:300],
        "wamid": extra.get("wamid"),
        "status": extra.get("status"),
        "occurred_at": extra.get("occurred_at"),
        "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        "received_at": now,
        "next_attempt_at": now,
        "attempts": 0,
    }


def split_body(body: bytes, now: datetime) -> list[Row]:
    """Check the envelope's shape and return one inbox row per item, or raise Unparseable.

    Intake checks only what keying needs (hand-written checks: this runs for every webhook);
    the worker applies the full frozen models of `webhooks.whatsapp_models`, so one odd
    sub-object cannot turn a whole batch into a dead letter.
    """
    try:
        data = json.loads(body)
        rows: list[Row] = []
        for field, value, time in _changes(data):
            rows.extend(_split_change(field, value, time, now))
    except (ValueError, ValidationError, KeyError, TypeError) as exc:
        raise Unparseable(str(exc)[:1000]) from exc
    return rows


def _changes(data: Any) -> Iterator[tuple[str, dict[str, Any], Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("object"), str):
        raise Unparseable("not a webhook envelope")
    for entry in _list(data, "entry", required=True):
        for change in _list(entry, "changes"):
            field, value = change.get("field"), change.get("value")
            if not isinstance(field, str) or not isinstance(value, dict):
                raise Unparseable("a change needs a field and an object value")
            yield field, value, entry.get("time")


def _list(parent: dict[str, Any], key: str, *, required: bool = False) -> list[dict[str, Any]]:
    items = parent.get(key)
    if items is None and not required:
        return []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Unparseable(f"{key} must be a list of objects")
    return items


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise Unparseable(f"{key} is missing")
    return value


def _timestamp(item: dict[str, Any]) -> datetime:
    at = _at(item.get("timestamp"))
    if at is None:
        raise Unparseable("timestamp is missing")
    return at


def _split_change(field: str, value: dict[str, Any], time: int | None, now: datetime) -> list[Row]:
    model = EVENT_MODELS.get(field)
    if model is not None:
        model.model_validate(value)
    if field == "messages":
        return _split_messages(value, now)
    if field == "user_preferences":
        return _split_preferences(value, now)
    payload = {"field": field, "value": value, "time": time}
    return [
        _row(
            now,
            kind=field[:32],
            dedup=f"e:{_digest(payload)}",
            chat=f"field:{field}",
            payload=payload,
            occurred_at=_at(time),
        )
    ]


def _split_messages(value: dict[str, Any], now: datetime) -> list[Row]:
    metadata = value.get("metadata")
    contacts = {c.get("wa_id"): c for c in _list(value, "contacts")}
    messages, statuses = _list(value, "messages"), _list(value, "statuses")
    rows = []
    for raw in messages:
        wamid, sender = _text(raw, "id"), _text(raw, "from")
        payload = {"message": raw, "contact": contacts.get(sender), "metadata": metadata}
        rows.append(
            _row(
                now,
                kind="message",
                dedup=f"m:{wamid}",
                chat=f"chat:{sender}",
                payload=payload,
                wamid=wamid,
                occurred_at=_timestamp(raw),
            )
        )
    for raw in statuses:
        wamid, status = _text(raw, "id"), _text(raw, "status")
        rows.append(
            _row(
                now,
                kind="status",
                dedup=f"s:{wamid}:{status}",
                # Status merges are order-free, so each message gets its own lane.
                chat=f"status:{wamid}",
                payload={"status": raw, "metadata": metadata},
                wamid=wamid,
                status=status[:32],
                occurred_at=_timestamp(raw),
            )
        )
    if not messages and not statuses and value.get("errors"):
        payload = {"field": "messages", "value": value}
        rows.append(
            _row(now, kind="error", dedup=f"e:{_digest(payload)}", chat="errors", payload=payload)
        )
    return rows


def _split_preferences(value: dict[str, Any], now: datetime) -> list[Row]:
    rows = []
    for raw in value.get("user_preferences") or ():
        pref = UserPreference.model_validate(raw)
        rows.append(
            _row(
                now,
                kind="user_preference",
                dedup=f"p:{pref.wa_id}:{pref.category}:{pref.value}:{pref.timestamp}",
                chat=f"chat:{pref.wa_id}",
                payload={"preference": raw},
                occurred_at=_at(pref.timestamp),
            )
        )
    return rows
