"""Property tests: random bodies never crash intake, and no signed item is ever lost."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import count
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from shop.storage.sql import run
from tests.whatsapp.rig import Rig
from webhooks.intake import Unparseable, split_body
from webhooks.tables import WaDeadLetter, WaInbox

NOW = datetime(2026, 11, 24, tzinfo=UTC)
INBOX = WaInbox.__table__  # type: ignore[attr-defined]
DEAD = WaDeadLetter.__table__  # type: ignore[attr-defined]
_ids = count()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
keys = st.sampled_from(
    [
        "object",
        "entry",
        "changes",
        "field",
        "value",
        "messages",
        "statuses",
        "id",
        "from",
        "timestamp",
        "type",
        "status",
    ]
)
envelope_like = st.recursive(
    st.none() | st.integers() | st.text(max_size=6) | st.just("messages") | st.just("1764000000"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


@given(
    st.binary(max_size=200)
    | json_values.map(lambda v: json.dumps(v).encode())
    | envelope_like.map(lambda v: json.dumps(v).encode())
)
def test_random_bodies_either_split_or_are_unparseable(body: bytes) -> None:
    try:
        rows = split_body(body, NOW)
    except Unparseable:
        return
    assert all(row["dedup_key"] and row["chat_key"] for row in rows)


message_types = st.sampled_from(
    ["text", "image", "hologram", "order", "interactive", "unsupported"]
)
status_names = st.sampled_from(["sent", "delivered", "read", "failed", "played", "brand_new"])


@st.composite
def envelopes(draw: st.DrawFn) -> tuple[dict[str, Any], set[str]]:
    """A valid envelope with random messages and statuses, and the dedup keys it must yield."""
    expected: set[str] = set()
    changes = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        messages, statuses = [], []
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            wamid = f"wamid.P{next(_ids)}"
            kind = draw(message_types)
            extra = (
                {kind: {"body": draw(st.text(max_size=20))}} if kind == "text" else {kind: {"x": 1}}
            )
            if kind in ("order", "interactive"):
                extra = {"unknown_extra": draw(json_values)}
            messages.append(
                {
                    "from": "7999" + draw(st.text("0123456789", min_size=1, max_size=7)),
                    "id": wamid,
                    "timestamp": str(draw(st.integers(0, 2**31))),
                    "type": kind,
                    **extra,
                }
            )
            expected.add(f"m:{wamid}")
        for _ in range(draw(st.integers(min_value=0, max_value=10))):
            wamid, name = f"wamid.S{next(_ids)}", draw(status_names)
            statuses.append(
                {
                    "id": wamid,
                    "status": name,
                    "timestamp": "1764000000",
                    "recipient_id": "7999",
                    "whatever": draw(json_values),
                }
            )
            expected.add(f"s:{wamid}:{name}")
        value = {"messaging_product": "whatsapp", "messages": messages, "statuses": statuses}
        changes.append({"field": "messages", "value": value})
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": changes}],
    }, expected


@given(envelopes())
def test_every_item_of_a_valid_envelope_becomes_a_row(
    case: tuple[dict[str, Any], set[str]],
) -> None:
    envelope, expected = case
    rows = split_body(json.dumps(envelope).encode(), NOW)
    assert {row["dedup_key"] for row in rows} == expected


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=envelopes(), junk=st.binary(max_size=50))
async def test_a_signed_event_is_never_lost_over_http(
    rig: Rig, case: tuple[dict[str, Any], set[str]], junk: bytes
) -> None:
    envelope, expected = case
    async with rig.services.db.transaction() as session:
        dead_before = (await run(session, select(func.count()).select_from(DEAD))).scalar_one()
    assert await rig.post_webhook(json.dumps(envelope).encode()) == 200
    assert await rig.post_webhook(b"{" + junk) == 200
    await rig.split()
    async with rig.services.db.transaction() as session:
        stored = set(
            (
                await run(session, select(INBOX.c.dedup_key).where(INBOX.c.dedup_key.in_(expected)))
            ).scalars()
        )
        dead_after = (await run(session, select(func.count()).select_from(DEAD))).scalar_one()
    assert stored == expected
    assert dead_after == dead_before + 1
