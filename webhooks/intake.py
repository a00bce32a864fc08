"""Signature check and the split of a webhook body into inbox rows (pure; no I/O)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from webhooks.whatsapp_models import VALUE_MODELS, Envelope, MessagesValue, UserPreferencesValue

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


class Unparseable(ValueError):
    """A signed body that is not a WhatsApp envelope we can split; becomes a dead letter."""


def _at(timestamp: Any) -> datetime | None:
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
    """Validate the envelope and return one inbox row per item, or raise Unparseable."""
    try:
        data = json.loads(body)
        envelope = Envelope.model_validate(data)
        rows: list[Row] = []
        for entry_raw, entry in zip(data["entry"], envelope.entry, strict=True):
            for change_raw, change in zip(entry_raw.get("changes", ()), entry.changes, strict=True):
                rows.extend(_split_change(change.field, change_raw["value"], entry.time, now))
    except (ValueError, ValidationError, KeyError, TypeError) as exc:
        raise Unparseable(str(exc)[:1000]) from exc
    return rows


def _split_change(field: str, value: dict[str, Any], time: int | None, now: datetime) -> list[Row]:
    model = VALUE_MODELS.get(field)
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
    parsed = MessagesValue.model_validate(value)
    metadata = value.get("metadata")
    contacts = {c.get("wa_id"): c for c in value.get("contacts", ()) if isinstance(c, dict)}
    rows = []
    for raw, message in zip(value.get("messages", ()), parsed.messages, strict=True):
        payload = {"message": raw, "contact": contacts.get(message.from_), "metadata": metadata}
        rows.append(
            _row(
                now,
                kind="message",
                dedup=f"m:{message.id}",
                chat=f"chat:{message.from_}",
                payload=payload,
                wamid=message.id,
                occurred_at=_at(message.timestamp),
            )
        )
    for raw, status in zip(value.get("statuses", ()), parsed.statuses, strict=True):
        rows.append(
            _row(
                now,
                kind="status",
                dedup=f"s:{status.id}:{status.status}",
                # Status merges are order-free, so each message gets its own lane.
                chat=f"status:{status.id}",
                payload={"status": raw, "metadata": metadata},
                wamid=status.id,
                status=status.status[:32],
                occurred_at=_at(status.timestamp),
            )
        )
    if not parsed.messages and not parsed.statuses and parsed.errors:
        payload = {"field": "messages", "value": value}
        rows.append(
            _row(now, kind="error", dedup=f"e:{_digest(payload)}", chat="errors", payload=payload)
        )
    return rows


def _split_preferences(value: dict[str, Any], now: datetime) -> list[Row]:
    parsed = UserPreferencesValue.model_validate(value)
    rows = []
    for raw, pref in zip(value.get("user_preferences", ()), parsed.user_preferences, strict=True):
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
