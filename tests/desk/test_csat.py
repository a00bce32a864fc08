"""CSAT after a close: a 1–5 list inside the window, the `csat` template outside it only with
consent, the answer thanked and measured."""

from __future__ import annotations

from datetime import timedelta

from shop.clock import FrozenClock
from shop.desk.csat import template
from shop.desk.states import Move
from tests.chat.chat import Shopper, texts
from tests.desk.desk import OWNER, chat_of, lines
from tests.whatsapp.rig import Rig


async def test_a_closed_chat_is_asked_to_rate_and_the_rating_is_measured(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    await rig.services.desk.act(chat.id, OWNER, Move.TAKE)
    await rig.services.desk.act(chat.id, OWNER, Move.CLOSE)
    asked = await shopper.settle()
    assert texts(asked) == [
        "Оцените, пожалуйста, насколько мы помогли: от 1 (плохо) до 5 (отлично)."
    ]
    thanks = await shopper.tap(asked, "5 — отлично")
    assert texts(thanks) == ["Спасибо за оценку! Если понадобится помощь, просто напишите."]
    rated = [line for line in await lines(rig) if "csat" in line.data]
    assert [line.data["csat"] for line in rated] == [5]
    metrics = await (await rig.client.get("/api/metrics/support")).json()
    assert (metrics["csat"], metrics["csat_answers"]) == (5.0, 1)


async def test_outside_the_window_without_consent_nothing_is_asked(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await shopper.text("привет")
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    await rig.services.desk.act(chat.id, OWNER, Move.TAKE)
    clock.advance(timedelta(hours=25))
    await rig.services.desk.act(chat.id, OWNER, Move.CLOSE)
    assert await shopper.settle() == []


def test_the_template_carries_five_quick_replies_that_read_as_ratings() -> None:
    message = template("ru")
    assert message.name == "csat"
    assert [b.value for b in message.buttons] == [f"csat|{n}" for n in range(1, 6)]
