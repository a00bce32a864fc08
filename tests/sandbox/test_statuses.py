"""Accepted messages are followed by signed, batched status webhooks, shaped as configured."""

from __future__ import annotations

from typing import Any

from tests.sandbox.conftest import (
    PHONE_NUMBER_ID,
    WABA_ID,
    control,
    flush,
    open_window,
    send,
    text_message,
)

TO = "79001234567"


async def send_ok(sandbox: Any, body: dict[str, Any] | None = None) -> str:
    status, answer = await send(sandbox, body or text_message())
    assert status == 200, answer
    return str(answer["messages"][0]["id"])


def names(receiver: Any, wamid: str) -> list[str]:
    return [s["status"] for s in receiver.statuses() if s["id"] == wamid]


async def test_sent_delivered_read_arrive_signed_in_one_batch(sandbox: Any, receiver: Any) -> None:
    await open_window(sandbox, TO)
    wamid = await send_ok(sandbox)
    assert await flush(sandbox) == {"delivered": 2, "failed": 0, "pending": 0}
    assert receiver.bad_signatures == 0
    payload = receiver.accepted[-1]
    assert payload["object"] == "whatsapp_business_account"
    [entry] = payload["entry"]
    assert entry["id"] == WABA_ID
    [change] = entry["changes"]
    assert change["field"] == "messages"
    value = change["value"]
    assert value["messaging_product"] == "whatsapp"
    assert value["metadata"] == {
        "display_phone_number": "79000000000",
        "phone_number_id": PHONE_NUMBER_ID,
    }
    assert [s["status"] for s in value["statuses"]] == ["sent", "delivered", "read"]
    for item in value["statuses"]:
        assert item["id"] == wamid
        assert item["recipient_id"] == TO
        assert isinstance(item["timestamp"], str)
        assert item["timestamp"].isdigit()
        assert item["pricing"] == {
            "billable": False,
            "pricing_model": "PMP",
            "category": "service",
            "type": "free_customer_service",
        }


async def test_statuses_are_split_into_posts_of_webhook_batch_max(
    sandbox: Any, receiver: Any
) -> None:
    await control(sandbox, "POST", "config", {"webhook_batch_max": 2})
    await open_window(sandbox, TO)
    await send_ok(sandbox)
    await flush(sandbox)
    batches = [len(v["statuses"]) for v in receiver.values() if "statuses" in v]
    assert batches == [2, 1]


async def test_delivered_can_be_skipped_and_read_withheld(sandbox: Any, receiver: Any) -> None:
    await open_window(sandbox, TO)
    await control(sandbox, "POST", "config", {"skip_delivered_ratio": 1.0})
    skipped = await send_ok(sandbox)
    await control(sandbox, "POST", "config", {"skip_delivered_ratio": 0.0, "read_ratio": 0.0})
    unread = await send_ok(sandbox)
    await flush(sandbox)
    assert names(receiver, skipped) == ["sent", "read"]
    assert names(receiver, unread) == ["sent", "delivered"]


async def test_duplicates_and_reordering_when_asked(sandbox: Any, receiver: Any) -> None:
    await open_window(sandbox, TO)
    await control(sandbox, "POST", "config", {"duplicate_ratio": 1.0})
    duplicated = await send_ok(sandbox)
    await control(sandbox, "POST", "config", {"duplicate_ratio": 0.0, "reorder_ratio": 1.0})
    reordered = await send_ok(sandbox)
    await flush(sandbox)
    assert names(receiver, duplicated) == ["sent", "delivered", "read"] * 2
    assert names(receiver, reordered) == ["read", "delivered", "sent"]


async def _seeded_run(sandbox: Any, receiver: Any) -> list[list[str]]:
    await control(sandbox, "POST", "config", {"seed": 7})
    wamids = [await send_ok(sandbox, text_message(to=f"7900000000{n}")) for n in range(8)]
    await flush(sandbox)
    return [names(receiver, wamid) for wamid in wamids]


async def test_random_shapes_repeat_exactly_with_the_same_seed(sandbox: Any, receiver: Any) -> None:
    for n in range(8):
        await open_window(sandbox, f"7900000000{n}")
    await control(
        sandbox,
        "POST",
        "config",
        {"skip_delivered_ratio": 0.5, "duplicate_ratio": 0.3, "reorder_ratio": 0.5},
    )
    first = await _seeded_run(sandbox, receiver)
    second = await _seeded_run(sandbox, receiver)
    assert first == second
    shapes = {tuple(run) for run in first}
    assert len(shapes) > 1, "the ratios should produce more than one shape"
    assert any("delivered" not in run for run in first)


async def test_no_statuses_when_turned_off(sandbox: Any, receiver: Any) -> None:
    await open_window(sandbox, TO)
    await control(sandbox, "POST", "config", {"statuses": False})
    await send_ok(sandbox)
    await flush(sandbox)
    assert receiver.statuses() == []


async def test_opaque_callback_data_is_echoed_in_statuses(sandbox: Any, receiver: Any) -> None:
    await open_window(sandbox, TO)
    await send_ok(sandbox, {**text_message(), "biz_opaque_callback_data": "outbox:42"})
    await flush(sandbox)
    assert {s["biz_opaque_callback_data"] for s in receiver.statuses()} == {"outbox:42"}


async def test_free_form_outside_window_is_accepted_then_fails_with_131047(
    sandbox: Any, receiver: Any
) -> None:
    wamid = await send_ok(sandbox)
    await flush(sandbox)
    [failed] = [s for s in receiver.statuses() if s["id"] == wamid]
    assert failed["status"] == "failed"
    assert "pricing" not in failed
    [error] = failed["errors"]
    assert error["code"] == 131047
    assert error["title"] == "Re-engagement message"
    assert error["error_data"]["details"]
    assert error["href"].startswith("https://")


async def test_window_closes_when_the_clock_passes_24_hours(sandbox: Any, receiver: Any) -> None:
    await open_window(sandbox, TO)
    await control(sandbox, "POST", "clock", {"advance_seconds": 23 * 3600})
    inside = await send_ok(sandbox)
    await control(sandbox, "POST", "clock", {"advance_seconds": 3600})
    outside = await send_ok(sandbox)
    await flush(sandbox)
    assert names(receiver, inside) == ["sent", "delivered", "read"]
    assert names(receiver, outside) == ["failed"]


async def test_marketing_template_to_opted_out_shopper_fails_later_with_131050(
    sandbox: Any, receiver: Any
) -> None:
    await control(sandbox, "POST", f"shoppers/{TO}/preferences", {"value": "stop"})
    marketing = await send_ok(
        sandbox,
        {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "template",
            "template": {
                "name": "cart_reminder",
                "language": {"code": "ru"},
                "components": [
                    {
                        "type": "body",
                        "parameters": [
                            {"type": "text", "text": "Анна"},
                            {"type": "text", "text": "1 299 ₽"},
                        ],
                    }
                ],
            },
        },
    )
    utility = await send_ok(
        sandbox,
        {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "template",
            "template": {
                "name": "order_link",
                "language": {"code": "ru"},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": "1042"}]},
                    {
                        "type": "button",
                        "sub_type": "url",
                        "index": "0",
                        "parameters": [{"type": "text", "text": "abc"}],
                    },
                ],
            },
        },
    )
    await flush(sandbox)
    [failed] = [s for s in receiver.statuses() if s["id"] == marketing]
    assert (failed["status"], failed["errors"][0]["code"]) == ("failed", 131050)
    assert names(receiver, utility) == ["sent", "delivered", "read"]
    await control(sandbox, "POST", f"shoppers/{TO}/preferences", {"value": "resume"})
    again = await send_ok(sandbox, {**(await control(sandbox, "GET", "messages"))[0]["body"]})
    await flush(sandbox)
    assert names(receiver, again) == ["sent", "delivered", "read"]
