"""A shopper's question about a product reaches the sales group through the real inbound path,
with the product named in the handover the operator reads; a plain search still searches."""

from __future__ import annotations

from typing import Any

import pytest

from shop.desk.states import DeskState
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts
from tests.chat.test_journeys import about
from tests.desk.desk import chat_of, lines
from tests.whatsapp.rig import Rig


async def _kettle(rig: Rig) -> None:
    db: Database = rig.services.db
    await seed(db, product("KET1", "Чайник стальной", "1500.00", "Посуда", quantity=5))


def _handover(found: list[Any]) -> Any:
    (event,) = [line for line in found if line.direction == "event" and line.kind == "handover"]
    return event


async def test_a_question_after_a_products_card_goes_to_sales_naming_the_product(
    rig: Rig, shopper: Shopper
) -> None:
    await _kettle(rig)
    await shopper.text("меню")
    card = await shopper.text("чайник")  # one match: its own card
    assert [body["type"] for body in card][:1] == ["interactive"]
    answer = await shopper.text("А он из нержавейки?")
    assert texts(answer)  # a person will answer
    chat, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.state, desk.group_key, desk.reason) == (
        DeskState.WAITING,
        "sales",
        "product_question",
    )
    event = _handover(await lines(rig))
    assert (event.data["product"], event.data["retailer_id"]) == ("Чайник стальной", "KET1")
    page = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    assert "Бот позвал человека (вопрос о товаре: «Чайник стальной»)" in page
    assert await shopper.text("ещё вопрос") == []  # the bot is silent while a person has it


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("Какой у него объём?", "sales"),
        ("Когда будет доставка?", "logistics"),  # another group's keyword routes as before
    ],
)
async def test_a_question_replying_to_a_product_goes_to_sales_unless_a_keyword_says_else(
    rig: Rig, shopper: Shopper, question: str, group: str
) -> None:
    await _kettle(rig)
    await shopper.text("меню")
    await shopper.send(about("KET1", question))
    _, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.group_key, desk.reason) == (group, "product_question")
    assert _handover(await lines(rig)).data["product"] == "Чайник стальной"


async def test_a_plain_search_after_a_card_still_searches(rig: Rig, shopper: Shopper) -> None:
    await _kettle(rig)
    await shopper.text("меню")
    await shopper.text("чайник")
    await shopper.text("чайник стальной")
    _, desk = await chat_of(rig)
    assert desk is None  # never left the bot
