"""Template sends are checked against the registry; the registry is listed with Graph paging."""

from __future__ import annotations

from typing import Any

from tests.sandbox.conftest import TOKEN, WABA_ID, control, flush, send

TO = "79001234567"
TEMPLATES_PATH = f"/graph/v23.0/{WABA_ID}/message_templates"


def template(name: str, language: str = "ru", components: Any = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"name": name, "language": {"code": language}}
    if components is not None:
        payload["components"] = components
    return {"messaging_product": "whatsapp", "to": TO, "type": "template", "template": payload}


def body(*values: str) -> dict[str, Any]:
    return {"type": "body", "parameters": [{"type": "text", "text": v} for v in values]}


def cart_reminder(*values: str) -> dict[str, Any]:
    return template("cart_reminder", components=[body(*values)])


def order_link(number: str, suffix: str | None) -> dict[str, Any]:
    components: list[dict[str, Any]] = [body(number)]
    if suffix is not None:
        components.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": suffix}],
            }
        )
    return template("order_link", components=components)


async def test_seeded_marketing_template_is_accepted_outside_the_window(
    sandbox: Any, receiver: Any
) -> None:
    status, answer = await send(sandbox, cart_reminder("Анна", "1 299 ₽"))
    assert status == 200, answer
    [message] = answer["messages"]
    assert message["message_status"] == "accepted"
    await flush(sandbox)
    statuses = receiver.statuses()
    assert [s["status"] for s in statuses] == ["sent", "delivered", "read"]
    assert {s["pricing"]["category"] for s in statuses} == {"marketing"}
    assert all(s["pricing"]["billable"] for s in statuses)


async def test_quick_reply_payloads_may_be_set_on_cart_reminder(sandbox: Any) -> None:
    components = [
        body("Анна", "1 299 ₽"),
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": "0",
            "parameters": [{"type": "payload", "payload": "CART:42"}],
        },
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": 1,
            "parameters": [{"type": "payload", "payload": "STOP"}],
        },
    ]
    status, answer = await send(sandbox, template("cart_reminder", components=components))
    assert status == 200, answer


async def test_unknown_template_name_or_language_is_132001(sandbox: Any) -> None:
    for body_ in (template("no_such_template"), template("cart_reminder", language="en_US")):
        status, answer = await send(sandbox, body_)
        assert (status, answer["error"]["code"]) == (400, 132001)


async def test_parameter_count_mismatch_is_132000(sandbox: Any) -> None:
    for body_ in (cart_reminder("Анна"), cart_reminder("Анна", "1 299 ₽", "лишний")):
        status, answer = await send(sandbox, body_)
        assert (status, answer["error"]["code"]) == (400, 132000)


async def test_parameter_with_newline_is_refused_with_code_100(sandbox: Any) -> None:
    status, answer = await send(sandbox, cart_reminder("Анна\nМария", "1 299 ₽"))
    assert (status, answer["error"]["code"]) == (400, 100)


async def test_a_body_parameter_whose_text_is_not_a_string_is_refused_with_code_100(
    sandbox: Any,
) -> None:
    odd = {"type": "body", "parameters": [{"type": "payload", "text": [None], "payload": False}]}
    status, answer = await send(sandbox, template("order_link", components=[odd]))
    assert (status, answer["error"]["code"]) == (400, 100)


async def test_url_button_needs_its_suffix_parameter(sandbox: Any) -> None:
    status, answer = await send(sandbox, order_link("1042", None))
    assert (status, answer["error"]["code"]) == (400, 132000)
    status, answer = await send(sandbox, order_link("1042", "abc123"))
    assert status == 200, answer


async def test_utility_template_statuses_are_priced_as_utility(sandbox: Any, receiver: Any) -> None:
    assert (await send(sandbox, order_link("1042", "abc123")))[0] == 200
    await flush(sandbox)
    assert {s["pricing"]["category"] for s in receiver.statuses()} == {"utility"}


async def test_paused_and_disabled_templates_are_refused_and_announced_by_webhook(
    sandbox: Any, receiver: Any
) -> None:
    changed = await control(
        sandbox, "POST", "templates/cart_reminder/ru/status", {"status": "PAUSED"}
    )
    assert changed["status"] == "PAUSED"
    status, answer = await send(sandbox, cart_reminder("Анна", "1 299 ₽"))
    assert (status, answer["error"]["code"]) == (400, 132015)
    await control(
        sandbox,
        "POST",
        "templates/cart_reminder/ru/status",
        {"status": "DISABLED", "reason": "NONE"},
    )
    status, answer = await send(sandbox, cart_reminder("Анна", "1 299 ₽"))
    assert (status, answer["error"]["code"]) == (400, 132016)
    await flush(sandbox)
    updates = receiver.values("message_template_status_update")
    assert [u["event"] for u in updates] == ["PAUSED", "DISABLED"]
    assert updates[0]["message_template_name"] == "cart_reminder"
    assert updates[0]["message_template_language"] == "ru"
    assert updates[0]["message_template_category"] == "MARKETING"
    assert isinstance(updates[0]["message_template_id"], int)
    assert updates[0]["reason"] == "NONE"
    entry = receiver.accepted[0]["entry"][0]
    assert entry["id"] == WABA_ID
    assert isinstance(entry["time"], int)


async def test_added_template_can_be_sent_once_approved(sandbox: Any) -> None:
    added = await control(
        sandbox,
        "POST",
        "templates",
        {
            "name": "order_shipped",
            "language": "ru",
            "category": "UTILITY",
            "status": "PENDING",
            "components": [{"type": "BODY", "text": "Заказ {{1}} передан в доставку."}],
        },
    )
    assert added["status"] == "PENDING"
    shipped = template("order_shipped", components=[body("1042")])
    assert (await send(sandbox, shipped))[1]["error"]["code"] == 132001
    await control(sandbox, "POST", "templates/order_shipped/ru/status", {"status": "APPROVED"})
    assert (await send(sandbox, shipped))[0] == 200


async def test_bad_template_status_or_unknown_template_is_refused(sandbox: Any) -> None:
    response = await sandbox.post(
        "/control/templates/cart_reminder/ru/status", json={"status": "SLEEPING"}
    )
    assert response.status == 400
    response = await sandbox.post("/control/templates/nope/ru/status", json={"status": "PAUSED"})
    assert response.status == 404


async def _page(sandbox: Any, url: str) -> dict[str, Any]:
    response = await sandbox.get(url, headers=TOKEN)
    assert response.status == 200, await response.text()
    page: dict[str, Any] = await response.json()
    return page


async def test_templates_are_listed_page_by_page_with_cursors(sandbox: Any) -> None:
    for n in range(3):
        await control(
            sandbox,
            "POST",
            "templates",
            {"name": f"extra_{n}", "language": "ru", "components": [{"type": "BODY", "text": "x"}]},
        )
    page = await _page(sandbox, f"{TEMPLATES_PATH}?limit=2")
    names = [t["name"] for t in page["data"]]
    while "next" in page["paging"]:
        next_url = page["paging"]["next"]
        assert "after=" in next_url
        page = await _page(sandbox, next_url[next_url.index("/graph/") :])
        names += [t["name"] for t in page["data"]]
    assert names == [
        "cart_reminder",
        "cart_reminder_promo",
        "order_link",
        "order_update",
        "csat",
        "hello_world",
        "extra_0",
        "extra_1",
        "extra_2",
    ]
    assert len(page["data"]) == 1
    assert page["paging"]["cursors"]["after"]
    first = (await _page(sandbox, f"{TEMPLATES_PATH}?limit=10"))["data"][0]
    assert first["status"] == "APPROVED"
    assert first["category"] == "MARKETING"
    assert first["language"] == "ru"
    buttons = next(c for c in first["components"] if c["type"] == "BUTTONS")["buttons"]
    assert [b["text"] for b in buttons] == ["Вернуться к корзине", "Отписаться"]


async def test_templates_can_be_filtered_by_status(sandbox: Any) -> None:
    await control(sandbox, "POST", "templates/order_link/ru/status", {"status": "PAUSED"})
    page = await _page(sandbox, f"{TEMPLATES_PATH}?status=PAUSED")
    assert [t["name"] for t in page["data"]] == ["order_link"]
    assert "next" not in page["paging"]


async def test_template_listing_needs_a_token_and_a_sane_cursor(sandbox: Any) -> None:
    response = await sandbox.get(TEMPLATES_PATH)
    assert response.status == 401
    response = await sandbox.get(f"{TEMPLATES_PATH}?after=garbage", headers=TOKEN)
    assert (response.status, (await response.json())["error"]["code"]) == (400, 100)


async def test_creating_a_template_through_graph_leaves_it_pending(sandbox: Any) -> None:
    response = await sandbox.post(
        TEMPLATES_PATH,
        headers=TOKEN,
        json={
            "name": "welcome_back",
            "language": "ru",
            "category": "MARKETING",
            "components": [{"type": "BODY", "text": "С возвращением!"}],
        },
    )
    created = await response.json()
    assert (response.status, created["status"], created["category"]) == (
        200,
        "PENDING",
        "MARKETING",
    )
    page = await _page(sandbox, f"{TEMPLATES_PATH}?name=welcome_back")
    assert page["data"][0]["id"] == created["id"]


async def test_media_header_takes_one_parameter_of_its_format(sandbox: Any) -> None:
    await control(
        sandbox,
        "POST",
        "templates",
        {
            "name": "new_arrivals",
            "language": "ru",
            "category": "MARKETING",
            "components": [
                {"type": "HEADER", "format": "IMAGE"},
                {"type": "BODY", "text": "Новинки недели"},
            ],
        },
    )
    image = {"type": "image", "image": {"link": "https://vitrina.example/i/1.jpg"}}
    video = {"type": "video", "video": {"link": "https://vitrina.example/v/1.mp4"}}
    header_only = template("new_arrivals", components=[{"type": "header", "parameters": [image]}])
    assert (await send(sandbox, header_only))[0] == 200
    missing = template("new_arrivals")
    assert (await send(sandbox, missing))[1]["error"]["code"] == 132000
    wrong = template("new_arrivals", components=[{"type": "header", "parameters": [video]}])
    assert (await send(sandbox, wrong))[1]["error"]["code"] == 132012
