"""The desk's pages: the inbox with filters and search, a chat's page and its actions."""

from __future__ import annotations

import re
from datetime import timedelta

from shop.clock import FrozenClock
from tests.chat.chat import Shopper, texts
from tests.desk.desk import chat_of
from tests.whatsapp.rig import Rig


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


PHONE = "+7\u00a0900\u00a0123-45-67"


async def test_the_inbox_lists_a_waiting_chat_with_its_group_and_last_message(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    await shopper.text("Где мой заказ? Не пришёл")
    await shopper.text("оператор")
    page = await (await rig.client.get("/admin/chats")).text()
    assert "Ждёт оператора" in page
    assert "Логистика" in page
    assert "+7\u00a0900\u00a0123-45-67" in page  # written as the orders list writes it
    assert ">+79001234567<" not in page
    waiting = await (await rig.client.get("/admin/chats?state=waiting")).text()
    bots = await (await rig.client.get("/admin/chats?state=bot")).text()
    assert 'data-state="waiting"' in waiting
    assert 'data-state="waiting"' not in bots


async def test_the_inbox_finds_a_chat_by_a_phone_typed_with_8_or_by_name(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    by_phone = await (
        await rig.client.get("/admin/chats", params={"q": "8 (900) 123-45-67"})
    ).text()
    by_name = await (await rig.client.get("/admin/chats", params={"q": "анна"})).text()
    nobody = await (await rig.client.get("/admin/chats", params={"q": "Борис"})).text()
    assert PHONE in by_phone
    assert PHONE in by_name
    assert PHONE not in nobody


async def test_the_chat_page_shows_the_transcript_and_an_operator_replies_from_it(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    page = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    assert "Покупатель" in page
    assert "оператор" in page
    assert "Бот позвал человека (попросил человека)" in page
    assert "[Позвать человека]" in page  # the menu's rows, as the shopper saw them
    form = {"csrf": csrf(page), "action": "reply", "text": "Добрый день! Сейчас посмотрю."}
    answer = await rig.client.post(f"/admin/chats/{chat.id}", data=form, allow_redirects=False)
    assert answer.status == 303
    assert texts(await shopper.settle()) == ["Добрый день! Сейчас посмотрю."]
    page = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    assert "У оператора" in page
    assert "доставлено ✓✓" in page or "прочитано ✓✓" in page


async def test_after_24_hours_the_page_refuses_text_and_offers_templates(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    clock.advance(timedelta(hours=25))
    page = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    assert "не писал больше 24 часов" in page
    assert 'id="reply-form"' not in page
    form = {"csrf": csrf(page), "action": "reply", "text": "Вы здесь?"}
    answer = await rig.client.post(f"/admin/chats/{chat.id}", data=form)
    assert answer.status == 409
    assert "Окно 24 часа закрыто" in await answer.text()


async def test_taking_closing_and_a_refused_move_on_the_page(rig: Rig, shopper: Shopper) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    url = f"/admin/chats/{chat.id}"
    token = csrf(await (await rig.client.get(url)).text())
    await rig.client.post(url, data={"csrf": token, "action": "take"})
    _, desk = await chat_of(rig)
    assert desk is not None
    assert desk.assignee == "admin"
    await rig.client.post(url, data={"csrf": token, "action": "close"})
    again = await rig.client.post(url, data={"csrf": token, "action": "close"})
    assert again.status == 409
    assert "Сейчас это действие недоступно" in await again.text()


async def test_a_chat_past_its_groups_goal_is_highlighted_until_answered(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await shopper.text("привет")
    await shopper.text("оператор")
    fresh = await (await rig.client.get("/admin/chats")).text()
    assert 'class="chat-row overdue"' not in fresh
    clock.advance(timedelta(seconds=61))  # the default goal: a first answer within 60 s
    late = await (await rig.client.get("/admin/chats")).text()
    assert 'class="chat-row overdue"' in late
    assert "дольше цели ответа" in late
    chat, _ = await chat_of(rig)
    await rig.client.post(f"/api/chats/{chat.id}/messages", json={"text": "Здравствуйте!"})
    answered = await (await rig.client.get("/admin/chats")).text()
    assert 'class="chat-row overdue"' not in answered
