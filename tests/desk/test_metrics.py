"""Support metrics: episodes from the transcript, their figures, and the API on a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from shop.clock import FrozenClock
from shop.desk.groups import defaults
from shop.desk.metrics import episodes, summarize
from tests.chat.chat import Shopper
from tests.desk.desk import chat_of
from tests.whatsapp.rig import Rig

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def line(n: int, direction: str, kind: str, **data: Any) -> dict[str, Any]:
    author = data.pop("author", None)
    at = T0 + timedelta(seconds=data.pop("after", 0))
    return {"wa_id": data.pop("wa_id", "7900"), "at": at, "direction": direction,
            "kind": kind, "data": data, "author": author, "id": n}  # fmt: skip


def test_an_episode_runs_from_handover_through_the_first_answer_to_close() -> None:
    found = episodes(
        [
            line(1, "in", "text"),
            line(2, "event", "handover", group="support", after=0),
            line(3, "event", "take", assignee="ivan", after=20),
            line(4, "out", "text", author="ivan", after=45),
            line(5, "out", "text", author="ivan", after=90),
            line(6, "event", "close", after=300),
        ]
    )
    (episode,) = found
    assert (episode.group, episode.operator, episode.frt) == ("support", "ivan", 45.0)
    assert episode.closed == T0 + timedelta(seconds=300)


def test_figures_per_group_operator_and_day_with_the_sla_share() -> None:
    found = episodes(
        [
            line(1, "event", "handover", group="sales", wa_id="a"),
            line(2, "out", "text", author="ivan", after=30, wa_id="a"),
            line(3, "event", "close", after=100, wa_id="a"),
            line(4, "event", "handover", group="sales", wa_id="b"),
            line(5, "event", "transfer", group="sales", after=10, wa_id="b"),
            line(6, "out", "text", author="olga", after=90, wa_id="b"),
            line(7, "event", "close", after=200, wa_id="b"),
        ]
    )
    figures = summarize(found, defaults(), UTC, T0 + timedelta(hours=1))
    sales = figures["groups"]["sales"]
    assert (sales.opened, sales.closed) == (2, 2)
    assert sales.sla_met == 0.5  # 30 s within the 60 s goal, 90 s not
    assert sales.fcr == 0.5  # b was transferred
    assert sales.resolution_avg == 150.0
    assert sales.frt_p50 == 60.0
    assert set(figures["operators"]) == {"ivan", "olga"}
    assert list(figures["days"]) == ["2026-12-04"]


async def test_the_metrics_api_measures_an_answered_and_closed_handover(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await shopper.text("привет")
    await shopper.text("хочу вернуть товар")
    chat, _ = await chat_of(rig)
    clock.advance(timedelta(seconds=30))
    await rig.client.post(f"/api/chats/{chat.id}/messages", json={"text": "Здравствуйте!"})
    await rig.client.post(f"/api/chats/{chat.id}/close", json={})
    answer = await rig.client.get("/api/metrics/support")
    assert answer.status == 200
    body = await answer.json()
    support = body["groups"]["support"]
    assert (support["opened"], support["closed"], support["fcr"]) == (1, 1, 1.0)
    assert support["frt_p50"] is not None
    assert body["dialogs"] == 1
    assert body["bot_closed_share"] == 0.0
    bad = await rig.client.get(
        "/api/metrics/support", params={"since": "2026-12-05", "until": "2026-12-01"}
    )
    assert bad.status == 400
