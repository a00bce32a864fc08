"""Signature check and the split of a webhook body into inbox rows (pure; no I/O)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from webhooks.whatsapp_models import (
    Envelope,
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


class _Key(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class _MessageKey(_Key):
    """Only what intake needs to key a message; the full model is applied by the worker, so
    one odd sub-object cannot turn a whole batch into a dead letter."""

    from_: str = Field(alias="from", min_length=1)
    id: str = Field(min_length=1)
    timestamp: int


class _StatusKey(_Key):
    id: str = Field(min_length=1)
    status: str = Field(min_length=1)
    timestamp: int


class _ItemLists(_Key):
    messages: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    contacts: list[Any] = []
    errors: list[Any] = []


# Fields whose whole value is one event, validated at intake.
EVENT_MODELS: dict[str, type[BaseModel]] = {
    "message_template_status_update": TemplateStatusUpdate,
    "phone_number_quality_update": PhoneQualityUpdate,
}


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
    lists = _ItemLists.model_validate(value)
    metadata = value.get("metadata")
    contacts = {c.get("wa_id"): c for c in lists.contacts if isinstance(c, dict)}
    rows = []
    for raw in lists.messages:
        message = _MessageKey.model_validate(raw)
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
    for raw in lists.statuses:
        status = _StatusKey.model_validate(raw)
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
    if not lists.messages and not lists.statuses and lists.errors:
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
