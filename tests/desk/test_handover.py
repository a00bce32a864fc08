"""The bot hands chats to people, the transcript keeps both directions, operators act."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shop import merchant_settings
from shop.clock import FrozenClock
from shop.desk.groups import KEY, Group, Groups, defaults
from shop.desk.moves import Target
from shop.desk.service import DeskRefused, Reply
from shop.desk.states import DeskState, Move
from tests.chat.chat import Shopper, texts
from tests.desk.desk import IVAN, OLGA, OWNER, chat_of, lines, post_echo
from tests.whatsapp.rig import Rig


async def test_asking_for_a_person_puts_the_chat_in_the_default_groups_queue(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    answer = await shopper.text("оператор")
    _chat, desk = await chat_of(rig)
    assert desk is not None
    assert desk.state == DeskState.WAITING
    assert (desk.group_key, desk.reason) == ("sales", "asked")
    assert desk.waiting_since is not None
    assert texts(answer)  # the shopper is told a person will answer
    seen = [(line.direction, line.text) for line in await lines(rig)]
    assert seen[0] == ("in", "привет")
    assert ("in", "оператор") in seen
    assert seen.index(("in", "оператор")) > seen.index(("in", "привет"))
    assert [d for d, _ in seen].count("out") >= 2  # the menu and the handover's answer


async def test_a_return_request_goes_to_support_and_the_bot_stays_silent(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    await shopper.text("Хочу вернуть куртку")
    _, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.group_key, desk.reason) == ("support", "return")
    assert await shopper.text("алло, есть кто?") == []  # silent while waiting


async def test_two_turns_the_bot_did_not_understand_call_a_person(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    await shopper.text("ывапролдж")
    _, desk = await chat_of(rig)
    assert desk is None  # one miss is not enough
    await shopper.text("щшгнекуц")
    _, desk = await chat_of(rig)
    assert desk is not None
    assert desk.reason == "not_understood"


async def test_an_operator_reply_reaches_the_shopper_and_takes_the_chat(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    await rig.services.desk.reply(chat.id, IVAN, Reply(text="Здравствуйте, я Иван!"))
    assert texts(await shopper.settle()) == ["Здравствуйте, я Иван!"]
    _, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.state, desk.assignee) == (DeskState.ASSIGNED, "ivan")
    assert desk.first_response_at is not None
    out = [line for line in await lines(rig) if line.author == "ivan"]
    assert out
    assert out[0].direction == "out"
    assert out[0].delivery is not None


async def test_free_text_outside_the_window_is_refused(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    clock.advance(timedelta(hours=25))
    with pytest.raises(DeskRefused) as refused:
        await rig.services.desk.reply(chat.id, IVAN, Reply(text="Вы здесь?"))
    assert refused.value.code == "window_closed"


async def test_handback_and_close_return_the_chat_to_the_bot(rig: Rig, shopper: Shopper) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    desk = rig.services.desk
    await desk.act(chat.id, IVAN, Move.TAKE)
    await desk.act(chat.id, IVAN, Move.HANDBACK)
    assert texts(await shopper.text("привет"))  # the bot answers again
    await shopper.text("оператор")
    await desk.act(chat.id, IVAN, Move.CLOSE)
    _, row = await chat_of(rig)
    assert row is not None
    assert row.state == DeskState.CLOSED
    with pytest.raises(Exception, match="not possible"):
        await desk.act(chat.id, IVAN, Move.CLOSE)


async def test_transfer_to_a_group_queues_it_there_and_to_an_operator_assigns_it(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    desk = rig.services.desk
    await desk.act(chat.id, IVAN, Move.TAKE)
    row = await desk.act(chat.id, IVAN, Move.TRANSFER, Target(group="logistics"))
    assert (row.state, row.group_key, row.assignee) == ("waiting", "logistics", None)
    row = await desk.act(chat.id, IVAN, Move.TRANSFER, Target(operator="admin"))
    assert (row.state, row.assignee) == ("assigned", "admin")
    with pytest.raises(DeskRefused):
        await desk.act(chat.id, IVAN, Move.TRANSFER, Target(group="nowhere"))


async def test_an_echo_from_the_business_app_is_in_the_transcript_and_pauses_the_bot(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await shopper.text("привет")
    await post_echo(rig, "Здравствуйте, это Мария из магазина", clock.now(), "wamid.echo1")
    await rig.drain_inbox()
    _, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.state, desk.assignee) == (DeskState.ASSIGNED, "app")
    echo = [line for line in await lines(rig) if line.direction == "echo"]
    assert [e.text for e in echo] == ["Здравствуйте, это Мария из магазина"]
    assert await shopper.text("каталог") == []  # the bot keeps quiet
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    await rig.services.desk.act(chat.id, OWNER, Move.HANDBACK)
    assert texts(await shopper.text("каталог"))


async def test_a_private_groups_chat_is_refused_to_non_members(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    groups = defaults()
    private = [
        g.model_copy(update={"private": True, "members": ["olga"]}) if g.key == "support" else g
        for g in groups.groups
    ]
    async with rig.services.db.transaction() as session:
        doc = Groups(groups=private, default_group="sales")
        await merchant_settings.save(session, KEY, doc, clock.now())
    await shopper.text("нужен возврат")
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    with pytest.raises(DeskRefused) as refused:
        await rig.services.desk.act(chat.id, IVAN, Move.TAKE)
    assert refused.value.code == "private_group"
    row = await rig.services.desk.act(chat.id, OLGA, Move.TAKE)
    assert row.assignee == "olga"
    assert Group(key="x", title="X").sla_seconds == 60


async def test_a_greeting_with_more_words_is_not_a_misunderstanding(
    rig: Rig, shopper: Shopper
) -> None:
    for n in range(4):
        assert texts(await shopper.text(f"привет {n}"))  # the menu, every time
    _, desk = await chat_of(rig)
    assert desk is None
