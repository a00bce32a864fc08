"""Saving the desk's groups: members are staff accounts (an unknown one is refused with the
field and the name, nothing saved), and the open chats of a removed group move to the default
group with a line in their transcript, through the API and the groups page alike."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.clock import FrozenClock
from shop.desk.states import DeskState, Move
from tests.chat.chat import Shopper
from tests.desk.desk import OWNER, chat_of, lines
from tests.whatsapp.rig import Rig

PASSWORD = "a-long-staff-password"
GROUPS = "/api/settings/groups"


async def _groups(rig: Rig) -> dict[str, Any]:
    body: dict[str, Any] = await (await rig.client.get(GROUPS)).json()
    return body


async def _staff(rig: Rig, name: str, role: Role = Role.OPERATOR) -> None:
    services = rig.services
    await add_user(services.db, name, role, PASSWORD, services.clock.now(), actor="test")


async def test_an_unknown_member_is_refused_naming_the_field_and_the_member(rig: Rig) -> None:
    await _staff(rig, "olga")
    groups = await _groups(rig)
    groups["groups"][1]["members"] = ["olga", "petya"]
    refused = await rig.client.put(GROUPS, json=groups)
    assert refused.status == 400
    problem = await refused.json()
    assert problem["field"] == "groups.1.members.1"
    assert "«petya»" in problem["message"]
    assert (await _groups(rig))["groups"][1]["members"] == []  # nothing saved


async def test_staff_members_are_saved_and_an_accountant_is_refused(rig: Rig) -> None:
    await _staff(rig, "olga")
    await _staff(rig, "vera", Role.ACCOUNTANT)
    groups = await _groups(rig)
    groups["groups"][0]["members"] = ["olga", "admin"]
    assert (await rig.client.put(GROUPS, json=groups)).status == 200
    assert (await _groups(rig))["groups"][0]["members"] == ["olga", "admin"]
    groups["groups"][0]["members"] = ["vera"]
    refused = await rig.client.put(GROUPS, json=groups)
    assert refused.status == 400
    assert (await refused.json())["field"] == "groups.0.members.0"


async def test_removing_a_group_moves_its_open_chats_to_the_default_group(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    closed = Shopper(rig, clock, "79000000009")
    await closed.text("хочу вернуть заказ")
    closed_chat, _ = await chat_of(rig, closed.wa_id)
    assert closed_chat.id is not None
    await rig.services.desk.act(closed_chat.id, OWNER, Move.CLOSE)
    await shopper.text("хочу вернуть заказ")
    chat, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.state, desk.group_key) == (DeskState.WAITING, "support")

    groups = await _groups(rig)
    groups["groups"] = [g for g in groups["groups"] if g["key"] != "support"]
    assert (await rig.client.put(GROUPS, json=groups)).status == 200

    _, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.state, desk.group_key) == (DeskState.WAITING, "sales")
    (moved,) = [line for line in await lines(rig) if line.kind == "regroup"]
    assert moved.data == {"group": "sales", "removed": "Поддержка"}
    page = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    assert "Группа «Поддержка» удалена: чат перенесён в группу Продажи" in page
    listed = await (await rig.client.get("/api/chats?group=sales")).json()
    assert chat.id in [c["id"] for c in listed["chats"]]
    _, kept = await chat_of(rig, closed.wa_id)  # a closed chat keeps its history's group
    assert kept is not None
    assert (kept.state, kept.group_key) == (DeskState.CLOSED, "support")


async def test_the_groups_page_shows_an_unknown_member_beside_the_members(rig: Rig) -> None:
    page = await (await rig.client.get("/admin/settings/groups")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    form = [
        ("csrf", csrf.group(1)),
        ("g0.key", "sales"),
        ("g0.title", "Продажи"),
        ("g0.opens", "00:00"),
        ("g0.closes", "00:00"),
        ("g0.sla_seconds", "60"),
        ("g0.capacity", "5"),
        ("g0.members", "ghost"),
        ("default_group", "sales"),
    ]
    answer = await rig.client.post("/admin/settings/groups", data=form)
    assert answer.status == 422
    html = await answer.text()
    assert re.search(r'id="e-g0.members" role="alert">Нет сотрудника «ghost»', html)
    assert [g["key"] for g in (await _groups(rig))["groups"]] == [
        "sales",
        "support",
        "logistics",
    ]


async def test_a_save_removing_a_group_waits_for_a_handover_into_it_and_re_homes_the_chat(
    rig: Rig, shopper: Shopper
) -> None:
    """The handover reads the groups locked (FOR SHARE on PostgreSQL, the single writer on
    SQLite): a save that removes its group waits for it, then finds the chat and moves it."""
    groups = await _groups(rig)
    assert (await rig.client.put(GROUPS, json=groups)).status == 200  # the document is stored
    await shopper.text("хочу вернуть заказ")
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    await rig.services.desk.act(chat.id, OWNER, Move.CLOSE)
    without = {**groups, "groups": [g for g in groups["groups"] if g["key"] != "support"]}
    async with rig.services.db.transaction() as session:
        await rig.services.desk.requested(session, chat.id, chat.wa_id, "asked")
        save = asyncio.create_task(rig.client.put(GROUPS, json=without))
        await asyncio.sleep(0.3)  # time for the save to reach the lock, if it did not wait
        assert not save.done()  # the save waits for the handover's transaction
    assert (await save).status == 200
    _, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.state, desk.group_key) == (DeskState.WAITING, "sales")
