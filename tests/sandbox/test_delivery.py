"""Webhook delivery retries until a 200, gives up after its limits, and shuts down cleanly."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from sandbox.app import create_sandbox_app
from sandbox.core import SANDBOX
from tests.sandbox.conftest import control, flush, make_config, open_window

TO = "79001234567"


async def test_non_200_is_retried_until_accepted(sandbox: Any, receiver: Any) -> None:
    receiver.answers.extend([500, 503])
    wamid = await open_window(sandbox, TO)
    assert await flush(sandbox) == {"delivered": 1, "failed": 0, "pending": 0}
    [delivery] = await control(sandbox, "GET", "webhooks")
    assert [a["status"] for a in delivery["attempts"]] == [500, 503, 200]
    assert (delivery["state"], delivery["final_status"]) == ("delivered", 200)
    assert delivery["field"] == "messages"
    assert [m["id"] for m in receiver.messages()] == [wamid]
    assert receiver.requests == 3
    assert receiver.bad_signatures == 0


async def test_delivery_gives_up_after_max_attempts(sandbox: Any, receiver: Any) -> None:
    await control(sandbox, "POST", "config", {"webhook_max_attempts": 3})
    receiver.answers.extend([500] * 5)
    await open_window(sandbox, TO)
    assert await flush(sandbox) == {"delivered": 0, "failed": 1, "pending": 0}
    [delivery] = await control(sandbox, "GET", "webhooks")
    assert (delivery["state"], delivery["final_status"]) == ("failed", 500)
    assert len(delivery["attempts"]) == 3
    assert receiver.accepted == []


async def test_delivery_gives_up_when_its_ttl_runs_out(sandbox: Any, receiver: Any) -> None:
    await control(sandbox, "POST", "config", {"webhook_ttl_s": 0.1, "webhook_max_attempts": 100})
    receiver.answers.extend([500] * 100)
    await open_window(sandbox, TO)
    counts = await flush(sandbox)
    assert counts["failed"] == 1
    [delivery] = await control(sandbox, "GET", "webhooks")
    assert 1 <= len(delivery["attempts"]) < 100


async def test_a_slow_endpoint_counts_as_a_timeout_and_is_retried(
    sandbox: Any, receiver: Any
) -> None:
    await control(sandbox, "POST", "config", {"webhook_timeout_s": 0.1})
    receiver.delays.append(1.0)
    await open_window(sandbox, TO)
    await flush(sandbox)
    [delivery] = await control(sandbox, "GET", "webhooks")
    assert delivery["attempts"][0] == {
        **delivery["attempts"][0],
        "status": None,
        "error": "timeout",
    }
    assert delivery["state"] == "delivered"


async def test_unreachable_endpoint_is_retried_then_dropped(sandbox: Any, receiver: Any) -> None:
    await control(
        sandbox,
        "POST",
        "config",
        {"webhook_url": "http://127.0.0.1:9/webhooks/whatsapp", "webhook_max_attempts": 2},
    )
    await open_window(sandbox, TO)
    assert (await flush(sandbox))["failed"] == 1
    [delivery] = await control(sandbox, "GET", "webhooks")
    assert [a["status"] for a in delivery["attempts"]] == [None, None]
    assert all(a["error"] for a in delivery["attempts"])


async def test_webhook_url_can_be_pointed_elsewhere_at_run_time(
    sandbox: Any, receiver: Any
) -> None:
    await control(sandbox, "POST", "config", {"webhook_url": "http://127.0.0.1:9/nowhere"})
    await control(sandbox, "POST", "config", {"webhook_url": receiver.url})
    await open_window(sandbox, TO)
    assert (await flush(sandbox))["delivered"] == 1


async def test_history_can_be_forgotten(sandbox: Any) -> None:
    await open_window(sandbox, TO)
    await flush(sandbox)
    forgotten = await control(sandbox, "DELETE", "webhooks")
    assert forgotten == {"delivered": 0, "failed": 0, "pending": 0}
    assert await control(sandbox, "GET", "webhooks") == []


async def test_shutdown_stops_the_sender_even_while_retrying(receiver: Any) -> None:
    app = create_sandbox_app(make_config(receiver.url))
    receiver.answers.extend([500] * 1000)
    client = TestClient(TestServer(app))
    await client.start_server()
    await control(client, "POST", "config", {"webhook_backoff_s": 0.01})
    await open_window(client, TO)
    await control(client, "POST", "webhooks/flush?timeout_s=0.1")
    assert app[SANDBOX].delivery.running
    assert (await control(client, "GET", "webhooks"))[0]["state"] == "pending"
    await client.close()
    assert not app[SANDBOX].delivery.running
    assert receiver.accepted == []


async def test_history_can_be_narrowed_by_state_and_field(sandbox: Any, receiver: Any) -> None:
    await control(sandbox, "POST", "config", {"webhook_max_attempts": 1})
    receiver.answers.append(500)
    await open_window(sandbox, TO)
    await control(sandbox, "POST", f"shoppers/{TO}/preferences", {"value": "stop"})
    await flush(sandbox)
    failed = await control(sandbox, "GET", "webhooks?state=failed")
    assert [d["field"] for d in failed] == ["messages"]
    preferences = await control(sandbox, "GET", "webhooks?field=user_preferences")
    assert [d["state"] for d in preferences] == ["delivered"]
    [last] = await control(sandbox, "GET", "webhooks?limit=1")
    assert last["id"] == preferences[0]["id"]


async def test_whole_posts_are_sent_twice_when_asked(sandbox: Any, receiver: Any) -> None:
    await control(sandbox, "POST", "config", {"duplicate_post_ratio": 1.0})
    wamid = await open_window(sandbox, TO)
    await flush(sandbox)
    assert [m["id"] for m in receiver.messages()] == [wamid, wamid]
    assert receiver.accepted[0] == receiver.accepted[1]
    first, again = await control(sandbox, "GET", "webhooks")
    assert (first["duplicate_of"], again["duplicate_of"]) == (None, first["id"])
