"""Support metrics: episodes from the transcript, their figures, and the API on a fake clock."""

from __future__ import annotations

import re
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


def test_a_rating_rates_the_chats_last_closed_episode_per_group_operator_and_day() -> None:
    found = episodes(
        [
            line(1, "event", "handover", group="sales", wa_id="a"),
            line(2, "out", "text", author="ivan", after=30, wa_id="a"),
            line(3, "event", "close", after=100, wa_id="a"),
            line(4, "in", "list", csat=5, after=110, wa_id="a"),
            line(5, "in", "list", csat=1, after=120, wa_id="a"),  # once: not a second rating
            line(6, "event", "handover", group="support", wa_id="b"),
            line(7, "out", "text", author="olga", after=40, wa_id="b"),
            line(8, "event", "close", after=200, wa_id="b"),
            line(9, "in", "button", csat=3, after=210, wa_id="b"),
            line(10, "event", "handover", group="support", wa_id="c"),
            line(11, "out", "text", author="olga", after=20, wa_id="c"),
            line(12, "event", "close", after=90, wa_id="c"),
            line(13, "event", "handover", group="support", after=95, wa_id="c"),
            line(14, "in", "list", csat=4, after=99, wa_id="c"),  # a new episode is open
        ]
    )
    assert sorted(e.score for e in found if e.score is not None) == [3, 5]
    figures = summarize(found, defaults(), UTC, T0 + timedelta(hours=1))
    sales, support = figures["groups"]["sales"], figures["groups"]["support"]
    assert (sales.csat, sales.csat_answers, sales.csat_high_share) == (5.0, 1, 1.0)
    assert (support.csat, support.csat_answers, support.csat_high_share) == (3.0, 1, 0.0)
    assert figures["operators"]["olga"].csat == 3.0
    assert figures["operators"]["ivan"].csat_answers == 1
    day = figures["days"]["2026-12-04"]
    assert (day.csat, day.csat_answers, day.csat_high_share) == (4.0, 2, 0.5)


def test_a_group_nobody_rated_has_no_csat() -> None:
    found = episodes([line(1, "event", "handover", group="sales"), line(2, "event", "close")])
    sales = summarize(found, defaults(), UTC, T0)["groups"]["sales"]
    assert (sales.csat, sales.csat_answers, sales.csat_high_share) == (None, 0, None)


async def _rated_handover(rig: Rig, shopper: Shopper, score: str, *said: str) -> None:
    """The shopper is handed over, answered and closed by the API's caller, then rates."""
    for text in ("привет", *said):
        await shopper.text(text)
    chat, _ = await chat_of(rig, shopper.wa_id)
    await rig.client.post(f"/api/chats/{chat.id}/messages", json={"text": "Здравствуйте!"})
    await rig.client.post(f"/api/chats/{chat.id}/close", json={})
    asked = await shopper.settle()
    await shopper.tap(asked, score)


async def test_the_metrics_api_gives_csat_per_group_operator_and_day(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await _rated_handover(rig, shopper, "4", "хочу вернуть товар")
    other = Shopper(rig, clock, "79000000002")
    await _rated_handover(rig, other, "2", "где мой заказ", "оператор")
    body = await (await rig.client.get("/api/metrics/support")).json()
    assert (body["csat"], body["csat_answers"], body["csat_high_share"]) == (3.0, 2, 0.5)
    support, logistics = body["groups"]["support"], body["groups"]["logistics"]
    assert (support["csat"], support["csat_answers"], support["csat_high_share"]) == (4.0, 1, 1.0)
    assert (logistics["csat"], logistics["csat_high_share"]) == (2.0, 0.0)
    assert body["operators"]["admin"]["csat_answers"] == 2
    (today,) = body["days"].values()
    assert (today["csat"], today["csat_answers"]) == (3.0, 2)
    schema = await (await rig.client.get("/api/openapi.json")).json()
    figures = schema["components"]["schemas"]["Figures"]["properties"]
    assert {"csat", "csat_answers", "csat_high_share"} <= set(figures)


async def test_the_metrics_page_shows_csat_per_group_in_russian(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await _rated_handover(rig, shopper, "5 — отлично", "хочу вернуть товар")
    page = await rig.client.get("/admin/chats/metrics")
    assert page.status == 200
    html = await page.text()
    assert "Показатели поддержки" in html
    assert re.search(r'id="by-groups".*?<b>Поддержка</b>', html, re.S)
    assert re.search(r'data-field="csat">5,0<', html)
    assert re.search(r'data-field="csat_high">100\u00a0%<', html)
    assert 'data-total="csat"><b>5,0</b>' in html
    assert "средняя оценка покупателей после закрытия, от 1 до 5" in html  # the legend
    inbox = await (await rig.client.get("/admin/chats")).text()
    assert 'href="/admin/chats/metrics"' in inbox


async def test_a_date_that_does_not_read_is_a_400_with_the_reason(rig: Rig) -> None:
    page = await rig.client.get("/admin/chats/metrics?since=04.12.2026")
    assert page.status == 400
    assert "«С»: дата «04.12.2026» не распознана" in await page.text()
    page = await rig.client.get("/admin/chats/metrics?since=2026-12-05&until=2026-12-01")
    assert page.status == 400
    assert "конец раньше начала" in await page.text()
