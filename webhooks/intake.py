"""Signature check, the split of a webhook body into inbox rows, and a message row read back
(pure; no I/O)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from pydantic import (
    AliasPath,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from webhooks.errors import invalid
from webhooks.whatsapp_models import (
    InboundMessage,
    PhoneQualityUpdate,
    TemplateStatusUpdate,
    UserPreference,
)

SIGNATURE_PREFIX = "sha256="

Row = dict[str, Any]

# The widths of the inbox's keyed columns and of the chat tables keyed by the shopper's id:
# a longer value is not one Meta sends, and cutting an id would merge two of them.
WAMID_MAX = 200
WA_ID_MAX = 32
STATUS_MAX = 32


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


@dataclass(frozen=True)
class Broken:
    """One item of an envelope that cannot be stored as an inbox row: kept as a dead letter
    on its own, while the items beside it are stored and answered."""

    where: str  # e.g. `entry[0].changes[1].value.messages[2]`
    part: Any
    error: str


@dataclass(frozen=True)
class Split:
    rows: list[Row] = field(default_factory=list)
    broken: list[Broken] = field(default_factory=list)


def _at(timestamp: Any) -> datetime | None:
    if isinstance(timestamp, bool):
        return None
    try:
        return datetime.fromtimestamp(int(timestamp), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


# orjson reads and writes the intake's JSON in a fraction of json's time (a sixth of the
# CPU of a 10-status webhook). It reads some bodies otherwise than json, and those go to
# json: integers past 64 bits (orjson makes them floats; any run of 19 digits sends the
# body to json, a cheap over-approximation), lone surrogates, NaN and numbers too large
# for a double (orjson refuses them). The digits are found by mapping every digit to "0"
# and anything else to "x" and searching for nineteen zeros: a tenth of a regular
# expression's time, which scanned each run of digits again from each of its positions.
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= b <= 0x39 else 0x78 for b in range(256))
_LONG_NUMBER = b"0" * 19


# Set while a body that json had to read is split: its values are written back by json too
# (orjson would write a NaN or an infinity as null).
_READ_BY_JSON: ContextVar[bool] = ContextVar("read_by_json", default=False)


def _load(body: bytes) -> tuple[Any, bool]:
    """The body's JSON exactly as `json.loads` reads it, and whether json read it."""
    if _LONG_NUMBER not in body.translate(_DIGITS_AS_ZERO):
        try:
            return orjson.loads(body), False
        except orjson.JSONDecodeError:
            pass
    return json.loads(body), True


def to_json(value: Any) -> str:
    """Compact JSON for storage; a lone surrogate (valid JSON, not valid UTF-8) is escaped,
    so no text a shopper sends can make the row unwritable."""
    if not _READ_BY_JSON.get():
        try:
            return orjson.dumps(value).decode()
        except TypeError:  # a lone surrogate, or an integer past 64 bits
            pass
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode()
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":"))
    return text


def _digest(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _storable(text: str, limit: int) -> str:
    """A key made of what the sender chose (a field's name): no NUL, no lone surrogate."""
    if text.isascii() and "\x00" not in text:  # nearly every key: ASCII has no surrogates
        return text[:limit]
    return text.encode("utf-8", "backslashreplace").decode().replace("\x00", "\\x00")[:limit]


def _row(now: datetime, *, kind: str, dedup: str, chat: str, payload: Any, **extra: Any) -> Row:
    """An inbox row; `payload` is the item's JSON object, or its JSON text already written
    (`_Envelope`)."""
    return {
        "dedup_key": _storable(dedup, 300),
        "kind": _storable(kind, 32),
        "chat_key": _storable(chat, 300),
        "wamid": extra.get("wamid"),
        "status": extra.get("status"),
        "occurred_at": extra.get("occurred_at"),
        "payload": payload if isinstance(payload, str) else to_json(payload),
        "received_at": now,  # and due at once, with no attempts yet (`batch_insert`)
    }


class _Envelope:
    """`{"<key>": item, "metadata": …}` as `to_json` writes it, with the change's metadata
    encoded once: a body of ten statuses shares one metadata object, and encoding it again
    for every item was a tenth of the intake's time."""

    def __init__(self, key: str, metadata: Any) -> None:
        self._head = f'{{"{key}":'
        self._tail = f',"metadata":{to_json(metadata)}}}'

    def __call__(self, item: Any) -> str:
        return self._head + to_json(item) + self._tail


class _Times:
    """`_at` once per distinct timestamp: the items of one body nearly always share a few."""

    def __init__(self) -> None:
        self._seen: dict[Any, datetime] = {}

    def of(self, item: dict[str, Any]) -> datetime:
        raw = item.get("timestamp")
        try:
            return self._seen[raw]
        except (KeyError, TypeError):  # TypeError: a list or an object is no timestamp
            at = _timestamp(item)
            if isinstance(raw, str | int) and not isinstance(raw, bool):
                self._seen[raw] = at
            return at


def split_body(body: bytes, now: datetime) -> list[Row]:
    """The inbox rows of a body (its broken items left out); raise Unparseable."""
    return split(body, now).rows


def split(body: bytes, now: datetime) -> Split:
    """Check the envelope's shape and return one inbox row per item, or raise Unparseable.

    Intake checks only what keying and storing need (hand-written checks: this runs for
    every webhook); the worker applies the full frozen models of `webhooks.whatsapp_models`.
    An item that fails these checks is set aside as `Broken`, alone: the rest is stored.
    """
    try:
        data, read_by_json = _load(body)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep to parse
        raise Unparseable(f"not JSON: {type(exc).__name__}") from exc
    token = _READ_BY_JSON.set(read_by_json)
    try:
        return _split(data, now)
    finally:
        _READ_BY_JSON.reset(token)


def _split(data: Any, now: datetime) -> Split:
    if not isinstance(data, dict) or not isinstance(data.get("object"), str):
        raise Unparseable("not a webhook envelope")
    result = Split()
    for where, change, time in _changes(result, data):
        try:
            field_name, value = change.get("field"), change.get("value")
            if not isinstance(field_name, str) or not isinstance(value, dict):
                raise Unparseable("a change needs a field and an object value")
            _split_change(result, where, field_name, value, time, now)
        except (Unparseable, ValidationError, RecursionError) as exc:
            result.broken.append(Broken(where, change, describe(exc)))
    return result


def describe(exc: BaseException) -> str:
    """What went wrong, without the values: a ValidationError's text quotes its input."""
    if isinstance(exc, ValidationError):
        return invalid(exc)
    if isinstance(exc, Unparseable):
        return str(exc)[:1000]
    return type(exc).__name__


def _changes(result: Split, data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    if not isinstance(data.get("entry"), list):
        raise Unparseable("entry must be a list of objects")
    for e, entry in _each(result, "", data, "entry"):
        for where, change in _each(result, e, entry, "changes"):
            yield where, change, entry.get("time")


def _key(item: dict[str, Any], key: str, limit: int) -> str:
    """A keyed text (an id, a status): present, at most `limit` characters, storable."""
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise Unparseable(f"{key} is missing")
    if len(value) > limit:
        raise Unparseable(f"{key} is longer than {limit} characters")
    if _storable(value, limit) != value:
        raise Unparseable(f"{key} is not text")
    return value


def _timestamp(item: dict[str, Any]) -> datetime:
    at = _at(item.get("timestamp"))
    if at is None:
        raise Unparseable("timestamp is missing")
    return at


def _split_change(
    result: Split, where: str, field: str, value: dict[str, Any], time: Any, now: datetime
) -> None:
    model = EVENT_MODELS.get(field)
    if model is not None:
        model.model_validate(value)
    if field == "messages":
        _split_messages(result, f"{where}.value", value, now)
        return
    if field == "user_preferences":
        _split_preferences(result, f"{where}.value", value, now)
        return
    payload = {"field": field, "value": value, "time": time}
    result.rows.append(
        _row(
            now,
            kind=field,
            dedup=f"e:{_digest(payload)}",
            chat=f"field:{field}",
            payload=payload,
            occurred_at=_at(time),
        )
    )


def _each(
    result: Split, where: str, value: dict[str, Any], key: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The items of `value[key]`; an item whose split raises is set aside alone."""
    items = value.get(key)
    if items is None:
        return
    if not isinstance(items, list):
        result.broken.append(Broken(f"{where}.{key}", items, f"{key} must be a list"))
        return
    for i, item in enumerate(items):
        place = f"{where}.{key}[{i}]".lstrip(".")
        if not isinstance(item, dict):
            result.broken.append(Broken(place, item, "an item must be an object"))
            continue
        yield place, item


def _contacts(value: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The profiles by wa_id (optional: a message without its contact is still a message)."""
    contacts = value.get("contacts")
    if not isinstance(contacts, list):
        return {}
    return {
        c["wa_id"]: c for c in contacts if isinstance(c, dict) and isinstance(c.get("wa_id"), str)
    }


def _split_messages(result: Split, where: str, value: dict[str, Any], now: datetime) -> None:
    metadata = value.get("metadata")
    contacts = _contacts(value)
    times = _Times()
    before = len(result.rows) + len(result.broken)
    for place, raw in _each(result, where, value, "messages"):
        try:
            wamid, sender = _key(raw, "id", WAMID_MAX), _key(raw, "from", WA_ID_MAX)
            row = _row(
                now,
                kind="message",
                dedup=f"m:{wamid}",
                chat=f"chat:{sender}",
                payload={"message": raw, "contact": contacts.get(sender), "metadata": metadata},
                wamid=wamid,
                occurred_at=times.of(raw),
            )
        except Unparseable as exc:
            result.broken.append(Broken(place, raw, describe(exc)))
            continue
        result.rows.append(row)
    status_payload = _Envelope("status", metadata)
    for place, raw in _each(result, where, value, "statuses"):
        try:
            wamid, status = _key(raw, "id", WAMID_MAX), _key(raw, "status", STATUS_MAX)
            row = _row(
                now,
                kind="status",
                dedup=f"s:{wamid}:{status}",
                # Status merges are order-free, so each message gets its own lane.
                chat=f"status:{wamid}",
                payload=status_payload(raw),
                wamid=wamid,
                status=status,
                occurred_at=times.of(raw),
            )
        except Unparseable as exc:
            result.broken.append(Broken(place, raw, describe(exc)))
            continue
        result.rows.append(row)
    if len(result.rows) + len(result.broken) == before and value.get("errors"):
        payload = {"field": "messages", "value": value}
        result.rows.append(
            _row(now, kind="error", dedup=f"e:{_digest(payload)}", chat="errors", payload=payload)
        )


def _or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        return None


class MessageKeys(BaseModel):
    """What `split` checked on every stored message: who wrote, which message, and when."""

    model_config = ConfigDict(frozen=True)
    from_: str = Field(alias="from")
    id: str
    # As `split` read it: int() of what Meta sent (digits, as a string or a number).
    timestamp: Annotated[int, BeforeValidator(int)]


class StoredMessage(BaseModel):
    """A `message` row's payload read back: validated once into the typed message.

    `message` is None when the message is of a shape the models refuse; the keys are there
    all the same, so the shopper's window and an apology never depend on the rest.
    """

    model_config = ConfigDict(frozen=True)
    keys: MessageKeys = Field(validation_alias=AliasPath("message"))
    message: Annotated[InboundMessage | None, WrapValidator(_or_none)]
    # The sender's profile name when it is text; a contact of another shape is no name.
    profile_name: Annotated[str | None, WrapValidator(_or_none)] = Field(
        default=None, validation_alias=AliasPath("contact", "profile", "name")
    )


def read_message(payload: str) -> StoredMessage:
    """The payload of a `message` row (raise ValidationError only if its keys are missing).

    Parsed by `json`, not by pydantic's JSON parser: that one refuses the lone surrogates
    `to_json` keeps (a shopper's text may hold one), and reads a price written `1e20` as
    another Decimal than the float `json` gives.
    """
    return StoredMessage.model_validate(json.loads(payload))


def _split_preferences(result: Split, where: str, value: dict[str, Any], now: datetime) -> None:
    for place, raw in _each(result, where, value, "user_preferences"):
        try:
            pref = UserPreference.model_validate(raw)
            wa_id = _key(raw, "wa_id", WA_ID_MAX)
        except (ValidationError, Unparseable) as exc:
            result.broken.append(Broken(place, raw, describe(exc)))
            continue
        result.rows.append(
            _row(
                now,
                kind="user_preference",
                dedup=f"p:{wa_id}:{pref.category}:{pref.value}:{pref.timestamp}",
                chat=f"chat:{wa_id}",
                payload={"preference": raw},
                occurred_at=_at(pref.timestamp),
            )
        )
