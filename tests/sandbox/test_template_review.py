"""The sandbox's `POST /{waba}/message_templates` refuses what Meta refuses, in Meta's shape,
and starts Vitrina's own book in the account approved, exactly as the book defines it."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.templates import seed_templates
from shop.whatsapp.template_book import BOOK, create_body
from tests.sandbox.conftest import TOKEN, WABA_ID

PATH = f"/graph/v23.0/{WABA_ID}/message_templates"
GOOD = {
    "name": "order_note",
    "language": "ru",
    "category": "UTILITY",
    "components": [
        {"type": "BODY", "text": "Заказ № {{1}} готов.", "example": {"body_text": [["A-1"]]}}
    ],
}


async def create(sandbox: Any, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = await sandbox.post(PATH, json=body, headers=TOKEN)
    return response.status, await response.json()


async def test_a_good_template_is_kept_pending(sandbox: Any) -> None:
    status, answer = await create(sandbox, GOOD)
    assert status == 200
    assert answer["status"] == "PENDING"
    assert answer["category"] == "UTILITY"


async def test_the_same_name_and_language_twice_is_refused(sandbox: Any) -> None:
    await create(sandbox, GOOD)
    status, answer = await create(sandbox, GOOD)
    assert status == 400
    assert answer["error"]["code"] == 100
    assert answer["error"]["error_subcode"] == 2388024
    assert answer["error"]["error_user_title"] == "Content in This Language Already Exists"
    status, _ = await create(sandbox, {**GOOD, "language": "en"})
    assert status == 200  # another language of the same name is fine


async def test_a_bad_category_a_missing_example_or_an_edge_variable_is_refused(
    sandbox: Any,
) -> None:
    status, answer = await create(sandbox, {**GOOD, "category": "PROMO"})
    assert (status, answer["error"]["error_user_title"]) == (400, "Invalid category")
    no_example = copy.deepcopy(GOOD)
    del no_example["components"][0]["example"]
    status, answer = await create(sandbox, no_example)
    assert (status, answer["error"]["error_user_title"]) == (400, "Missing sample values")
    edge = copy.deepcopy(GOOD)
    edge["components"][0]["text"] = "{{1}} готов"
    status, answer = await create(sandbox, edge)
    assert status == 400
    assert answer["error"]["error_user_title"].startswith("Variables can't be")


def test_the_seeded_templates_are_the_book_in_russian() -> None:
    seeded = {t.name: t for t in seed_templates() if t.language == "ru"}
    for item in BOOK:
        wanted = create_body(item, "ru", "https://vitrina.example")
        assert seeded[item.name].components == wanted["components"], item.name
        assert seeded[item.name].category == wanted["category"]
        assert seeded[item.name].status == "APPROVED"
