"""The desk's API: the inbox, a transcript, replies (409 outside the window), moves, groups."""

from __future__ import annotations

from datetime import timedelta

from shop.clock import FrozenClock
from tests.chat.chat import Shopper, texts
from tests.desk.desk import chat_of
from tests.whatsapp.rig import Rig


async def test_the_api_lists_waiting_chats_and_a_transcript_in_order(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    await shopper.text("хочу вернуть заказ")
    listed = await (await rig.client.get("/api/chats", params={"state": "waiting"})).json()
    assert listed["total"] == 1
    (chat,) = listed["chats"]
    assert (chat["state"], chat["group"], chat["reason"]) == ("waiting", "support", "return")
    assert (await (await rig.client.get("/api/chats?state=bot")).json())["total"] == 0
    one = await (await rig.client.get(f"/api/chats/{chat['id']}")).json()
    assert one["wa_id"] == "79001234567"
    lines = (await (await rig.client.get(f"/api/chats/{chat['id']}/messages")).json())["messages"]
    assert [m["text"] for m in lines if m["direction"] == "in"] == ["привет", "хочу вернуть заказ"]
    assert [m["id"] for m in lines] == sorted(m["id"] for m in lines)
    assert any(m["direction"] == "out" and m["delivery"] for m in lines)
    bad = await rig.client.get("/api/chats?state=lost")
    assert bad.status == 400


async def test_a_reply_goes_out_and_text_after_the_window_is_409(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    url = f"/api/chats/{chat.id}/messages"
    sent = await rig.client.post(url, json={"text": "Здравствуйте!"})
    assert sent.status == 201
    assert texts(await shopper.settle()) == ["Здравствуйте!"]
    clock.advance(timedelta(hours=25))
    late = await rig.client.post(url, json={"text": "Вы здесь?"})
    assert late.status == 409
    assert (await late.json())["error"] == "window_closed"
    unknown = await rig.client.post(url, json={"template": {"name": "nope", "language": "ru"}})
    assert unknown.status == 422
    assert (await unknown.json())["error"] == "template_unknown"
    both = await rig.client.post(url, json={})
    assert both.status == 400


async def test_assign_transfer_handback_and_close_through_the_api(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    base = f"/api/chats/{chat.id}"
    taken = await (await rig.client.post(f"{base}/assign", json={})).json()
    assert (taken["state"], taken["assignee"]) == ("assigned", "admin")
    moved = await (await rig.client.post(f"{base}/transfer", json={"group": "logistics"})).json()
    assert (moved["state"], moved["group"]) == ("waiting", "logistics")
    assert (await (await rig.client.post(f"{base}/handback", json={})).json())["state"] == "bot"
    again = await rig.client.post(f"{base}/close", json={})
    assert again.status == 409
    assert (await again.json())["error"] == "illegal_move"
    assert (await rig.client.post("/api/chats/999999/close", json={})).status == 404


async def test_groups_are_read_and_replaced_whole_or_refused_with_the_field(rig: Rig) -> None:
    groups = await (await rig.client.get("/api/settings/groups")).json()
    assert [g["key"] for g in groups["groups"]] == ["sales", "support", "logistics"]
    groups["groups"][0]["sla_seconds"] = 120
    saved = await rig.client.put("/api/settings/groups", json=groups)
    assert saved.status == 200
    again = await (await rig.client.get("/api/settings/groups")).json()
    assert again["groups"][0]["sla_seconds"] == 120
    groups["default_group"] = "nobody"
    refused = await rig.client.put("/api/settings/groups", json=groups)
    assert refused.status == 400
    problem = await refused.json()
    assert problem["field"] == "default_group"
    assert "по умолчанию" in problem["message"]
    still = await (await rig.client.get("/api/settings/groups")).json()
    assert still["default_group"] == "sales"
