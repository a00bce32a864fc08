"""Statuses in bulk: one read of the messages they concern, one write of the merged states."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.sql import run
from shop.whatsapp.outbox import OUTBOX, OutboxState
from shop.whatsapp.rules import WINDOW_CLOSED_CODE, Delivery, DeliveryState
from shop.whatsapp.sender import CALLBACK_PREFIX, close_window
from webhooks.whatsapp_models import Status

log = logging.getLogger(__name__)
# A status may overtake the sender's record of the wamid; wait this long for it.
ORPHAN_PATIENCE = timedelta(minutes=10)
_FIELDS = tuple(DeliveryState.__dataclass_fields__)
# A status proves that Meta took the message. A row still claimed (its sender died mid-send)
# or waiting for a retry (its send got no answer) is settled by it and never sent again.
# (Two comparisons, not IN: an expanding IN cannot run as one executemany.)
_UNSETTLED = or_(OUTBOX.c.state == OutboxState.PENDING, OUTBOX.c.state == OutboxState.SENDING)
_SAVE = (
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("b_id"))
    .values(
        **{name: bindparam(f"b_{name}") for name in _FIELDS},
        state=case((_UNSETTLED, OutboxState.ACCEPTED.value), else_=OUTBOX.c.state),
        claimed_until=case((_UNSETTLED, None), else_=OUTBOX.c.claimed_until),
        wamid=func.coalesce(OUTBOX.c.wamid, bindparam("b_echo", type_=OUTBOX.c.wamid.type)),
        accepted_at=func.coalesce(
            OUTBOX.c.accepted_at, bindparam("b_echo_at", type_=OUTBOX.c.accepted_at.type)
        ),
    )
)


class Outcome(StrEnum):
    DONE = "done"
    LATER = "later"


def _parse(row: dict[str, Any]) -> Status | None:
    try:
        return Status.model_validate(json.loads(row["payload"])["status"])
    except (ValidationError, KeyError, ValueError):
        log.warning("status of unexpected shape", extra={"inbox_id": row["id"]})
        return None


def _callback_id(status: Status) -> int | None:
    callback = status.biz_opaque_callback_data or ""
    rest = callback.removeprefix(CALLBACK_PREFIX)
    return int(rest) if callback.startswith(CALLBACK_PREFIX) and rest.isdigit() else None


async def _targets(
    session: AsyncSession, statuses: list[Status]
) -> tuple[dict[str, dict[str, Any]], dict[int, dict[str, Any]]]:
    wamids = {s.id for s in statuses}
    ids = {i for s in statuses if (i := _callback_id(s)) is not None}
    by_wamid = {
        r.wamid: dict(r._mapping)
        for r in await run(session, select(OUTBOX).where(OUTBOX.c.wamid.in_(wamids)))
    }
    by_id = {
        r.id: dict(r._mapping)
        for r in await run(session, select(OUTBOX).where(OUTBOX.c.id.in_(ids)))
    }
    return by_wamid, by_id


def _state(target: dict[str, Any]) -> DeliveryState:
    fields = {k: target[k] for k in _FIELDS}
    fields["delivery"] = Delivery(fields["delivery"]) if fields["delivery"] else None
    return DeliveryState(**fields)


def _waiting(row: dict[str, Any], now: datetime) -> Outcome:
    received = row["received_at"]
    if received.tzinfo is None:
        received = received.replace(tzinfo=UTC)
    return Outcome.LATER if now - received < ORPHAN_PATIENCE else Outcome.DONE


async def apply_statuses(
    session: AsyncSession, rows: list[dict[str, Any]], now: datetime
) -> dict[int, Outcome]:
    """Merge status rows into their outbound messages: monotonic, order-free, 131047 closes."""
    parsed = [(row, _parse(row)) for row in rows]
    by_wamid, by_id = await _targets(session, [s for _, s in parsed if s is not None])
    states: dict[int, tuple[dict[str, Any], DeliveryState]] = {}
    echoes: dict[int, tuple[str, datetime]] = {}  # the first wamid and time seen per row
    closes: list[tuple[str, datetime]] = []
    outcomes: dict[int, Outcome] = {}
    for row, status in parsed:
        outcomes[row["id"]] = Outcome.DONE
        if status is None:
            continue
        target = by_wamid.get(status.id) or by_id.get(_callback_id(status) or -1)
        if target is None:
            outcomes[row["id"]] = _waiting(row, now)
            continue
        try:
            step = Delivery(status.status)
        except ValueError:
            continue  # e.g. "played": nothing to merge
        error = status.errors[0] if status.errors else None
        _, state = states.get(target["id"], (target, _state(target)))
        at = datetime.fromtimestamp(status.timestamp, UTC)
        code, title = (error.code, error.title) if error else (None, None)
        states[target["id"]] = (target, state.merge(step, at, code, title))
        echo = echoes.setdefault(target["id"], (status.id, at))
        echoes[target["id"]] = (echo[0], min(echo[1], at))
        if step is Delivery.FAILED and code == WINDOW_CLOSED_CODE:
            # Meta judged the window closed when it took our message: earlier inbound is void.
            closes.append((target["recipient"], target["accepted_at"] or at))
    if states:
        params = [
            {
                "b_id": outbox_id,
                "b_echo": echoes[outbox_id][0],
                "b_echo_at": echoes[outbox_id][1],
                **{f"b_{k}": getattr(state, k) for k in _FIELDS},
            }
            for outbox_id, (_, state) in states.items()
        ]
        await run(session, _SAVE, params)
    for recipient, at in closes:
        await close_window(session, recipient, at)
    return outcomes
