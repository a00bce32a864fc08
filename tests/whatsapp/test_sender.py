"""The outbox sender against the sandbox over HTTP: success, retries, permanent failures, order."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from shop.clock import FrozenClock, utcnow
from shop.storage.sql import run
from shop.whatsapp.dispatch import record_inbound
from shop.whatsapp.graph import GraphClient
from shop.whatsapp.messages import (
    MarkRead,
    ReplyButton,
    ReplyButtons,
    TemplateMessage,
    TextMessage,
)
from shop.whatsapp.outbox import CHAT, OUTBOX, EnqueueStatus, enqueue
from shop.whatsapp.ratelimit import SecondCounter
from shop.whatsapp.sender import _with_callback
from tests.whatsapp.rig import Rig, start_rig

SHOPPER = "79990002233"


@pytest.fixture
async def clock() -> FrozenClock:
    return FrozenClock(utcnow())


@pytest.fixture
async def rig(
    aiohttp_client: Any, database_url: str, unused_tcp_port: int, clock: FrozenClock
) -> Rig:
    rig = await start_rig(aiohttp_client, database_url, unused_tcp_port, clock=clock, isolated=True)
    early_in_a_second(rig)
    return rig


async def open_window(rig: Rig, wa_id: str = SHOPPER) -> None:
    async with rig.services.db.transaction() as session:
        await record_inbound(session, wa_id, rig.services.clock.now())


async def queue_text(rig: Rig, body: str = "Здравствуйте!", to: str = SHOPPER) -> int:
    async with rig.services.db.transaction() as session:
        result = await enqueue(session, TextMessage(body=body), to=to, now=rig.services.clock.now())
    assert result.status is EnqueueStatus.QUEUED
    assert result.outbox_id is not None
    return result.outbox_id


async def row(rig: Rig, outbox_id: int) -> Any:
    async with rig.services.db.transaction() as session:
        return (await run(session, select(OUTBOX).where(OUTBOX.c.id == outbox_id))).one()


async def shopper_writes(rig: Rig) -> None:
    """The shopper writes through the fake: the window is open on both sides."""
    await rig.control(
        "POST", f"shoppers/{SHOPPER}/messages", {"type": "text", "text": {"body": "привет"}}
    )
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()


async def accepted(rig: Rig, to: str = SHOPPER) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = await rig.control("GET", f"messages?to={to}")
    return result


async def test_a_queued_message_is_sent_once_and_its_statuses_come_back(rig: Rig) -> None:
    await shopper_writes(rig)
    outbox_id = await queue_text(rig)
    assert await rig.channel.sender.run_once() == 1
    assert await rig.channel.sender.run_once() == 0
    sent = await accepted(rig)
    assert len(sent) == 1
    assert sent[0]["body"]["text"]["body"] == "Здравствуйте!"
    assert sent[0]["body"]["biz_opaque_callback_data"] == f"outbox:{outbox_id}"
    record = await row(rig, outbox_id)
    assert (record.state, record.wamid) == ("accepted", sent[0]["wamid"])
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    record = await row(rig, outbox_id)
    assert record.delivery == "read"
    assert record.sent_at is not None
    assert record.delivered_at is not None
    assert record.read_at is not None


@pytest.mark.parametrize(
    "fault",
    [{"http_status": 500}, {"http_status": 503}, {"error_code": 130429}, {"error_code": 131056}],
)
async def test_transient_faults_are_retried_with_backoff(
    rig: Rig, clock: FrozenClock, fault: dict[str, Any]
) -> None:
    await open_window(rig)
    outbox_id = await queue_text(rig)
    await rig.control("POST", "faults", {"next": [fault]})
    await rig.channel.sender.run_once()
    record = await row(rig, outbox_id)
    assert (record.state, record.attempts) == ("pending", 1)
    assert record.next_attempt_at > clock.now()
    assert await rig.channel.sender.run_once() == 0  # not before its time
    clock.advance(timedelta(minutes=10))
    assert await rig.channel.sender.run_once() == 1
    record = await row(rig, outbox_id)
    assert (record.state, record.attempts) == ("accepted", 2)
    assert len(await accepted(rig)) == 1


async def test_a_timeout_is_retried(rig: Rig, clock: FrozenClock) -> None:
    await open_window(rig)
    outbox_id = await queue_text(rig)
    impatient = GraphClient(rig.services.settings, timeout=0.3)
    rig.channel.sender.api = impatient
    try:
        await rig.control("POST", "faults", {"next": [{"timeout": True}]})
        await rig.channel.sender.run_once()
        assert (await row(rig, outbox_id)).state == "pending"
        await rig.control("DELETE", "faults")
        clock.advance(timedelta(minutes=10))
        await rig.channel.sender.run_once()
    finally:
        await impatient.aclose()
    assert (await row(rig, outbox_id)).state == "accepted"


@pytest.mark.parametrize("code", [131026, 131050, 132000, 100])
async def test_permanent_errors_fail_at_once_with_meta_s_code_and_title(
    rig: Rig, clock: FrozenClock, code: int
) -> None:
    await open_window(rig)
    outbox_id = await queue_text(rig)
    await rig.control("POST", "faults", {"next": [{"error_code": code}]})
    await rig.channel.sender.run_once()
    record = await row(rig, outbox_id)
    assert (record.state, record.attempts, record.error_code) == ("failed", 1, code)
    assert record.error_title
    clock.advance(timedelta(hours=1))
    assert await rig.channel.sender.run_once() == 0
    assert await accepted(rig) == []


async def test_messages_to_one_recipient_keep_their_order(rig: Rig) -> None:
    await open_window(rig)
    for n in range(4):
        await queue_text(rig, body=f"сообщение {n}")
    while await rig.channel.sender.run_once():
        pass
    assert [m["body"]["text"]["body"] for m in await accepted(rig)] == [
        f"сообщение {n}" for n in range(4)
    ]


def early_in_a_second(rig: Rig) -> None:
    """A wall clock that stays early in one second: no grant's deadline passes mid-round."""
    rig.channel.sender.limiter = SecondCounter(1000, wall=lambda: 1_800_000_000.1)


async def test_a_recipients_queued_messages_go_in_one_round_one_after_another(rig: Rig) -> None:
    await open_window(rig)
    ids = [await queue_text(rig, body=f"ответ {n}") for n in range(3)]
    assert await rig.channel.sender.run_once() == 3
    sent = await accepted(rig)
    assert [m["body"]["biz_opaque_callback_data"] for m in sent] == [f"outbox:{i}" for i in ids]
    assert [(await row(rig, i)).state for i in ids] == ["accepted"] * 3


async def test_after_a_failed_send_the_rest_of_the_round_waits_behind_it(
    rig: Rig, clock: FrozenClock
) -> None:
    await open_window(rig)
    ids = [await queue_text(rig, body=f"ответ {n}") for n in range(3)]
    await rig.control("POST", "faults", {"next": [{"delay_ms": 0}, {"error_code": 130429}]})
    await rig.channel.sender.run_once()
    first, second, third = [await row(rig, i) for i in ids]
    assert first.state == "accepted"
    assert (second.state, second.attempts) == ("pending", 1)
    assert (third.state, third.attempts) == ("pending", 0)  # not sent, not counted
    assert await rig.channel.sender.run_once() == 0  # the third waits for the second's retry
    clock.advance(timedelta(minutes=10))
    while await rig.channel.sender.run_once():
        pass
    assert [m["body"]["text"]["body"] for m in await accepted(rig)] == [
        f"ответ {n}" for n in range(3)
    ]


async def test_a_row_held_by_another_sender_ends_the_run_behind_it(
    rig: Rig, clock: FrozenClock
) -> None:
    await open_window(rig)
    ids = [await queue_text(rig, body=f"ответ {n}") for n in range(3)]
    async with rig.services.db.transaction() as session:  # another process leased the middle one
        await run(
            session,
            update(OUTBOX)
            .where(OUTBOX.c.id == ids[1])
            .values(state="sending", claimed_until=clock.now() + timedelta(minutes=1), attempts=1),
        )
    assert await rig.channel.sender.run_once() == 1  # only the head
    assert (await row(rig, ids[2])).state == "pending"
    assert [m["body"]["text"]["body"] for m in await accepted(rig)] == ["ответ 0"]


async def test_sends_whose_grant_expired_go_back_with_their_tokens(rig: Rig) -> None:
    await open_window(rig)
    ids = [await queue_text(rig, body=f"ответ {n}") for n in range(3)]
    second = 1_800_000_000
    walls = iter([second + 0.79])  # granted just before the deadline, which then passes
    rig.channel.sender.limiter = SecondCounter(1000, wall=lambda: next(walls, second + 0.9))
    assert await rig.channel.sender.run_once() == 3
    assert await accepted(rig) == []
    rows = [await row(rig, i) for i in ids]
    assert [(r.state, r.attempts) for r in rows] == [("pending", 0)] * 3
    async with rig.services.db.transaction() as session:
        tokens = (
            await run(session, select(CHAT.c.pair_tokens).where(CHAT.c.wa_id == SHOPPER))
        ).scalar_one()
    assert tokens == rig.services.settings.whatsapp_pair_burst  # nothing was spent


async def test_a_read_receipt_sent_in_a_round_takes_no_pair_rate_token(rig: Rig) -> None:
    await open_window(rig)
    async with rig.services.db.transaction() as session:
        now = rig.services.clock.now()
        await enqueue(session, MarkRead(message_id="wamid.IN1"), to=SHOPPER, now=now)
    await queue_text(rig)
    assert await rig.channel.sender.run_once() == 2
    async with rig.services.db.transaction() as session:
        tokens = (
            await run(session, select(CHAT.c.pair_tokens).where(CHAT.c.wa_id == SHOPPER))
        ).scalar_one()
    assert tokens == rig.services.settings.whatsapp_pair_burst - 1  # the text's token only


async def test_a_recipient_is_paced_after_a_burst(rig: Rig, clock: FrozenClock) -> None:
    await open_window(rig)
    burst = rig.services.settings.whatsapp_pair_burst
    ids = [await queue_text(rig, body=f"m{n}") for n in range(burst + 2)]
    while await rig.channel.sender.run_once():
        pass
    assert len(await accepted(rig)) == burst  # the burst; the rest waits for the pair rate
    assert (await row(rig, ids[burst])).state == "pending"
    clock.advance(timedelta(seconds=13))
    while await rig.channel.sender.run_once():
        pass
    assert len(await accepted(rig)) == burst + 2


async def test_free_form_outside_the_window_is_refused_at_enqueue(
    rig: Rig, clock: FrozenClock
) -> None:
    async with rig.services.db.transaction() as session:
        stranger = await enqueue(session, TextMessage(body="hi"), to="79990009999", now=clock.now())
    assert stranger.status is EnqueueStatus.WINDOW_CLOSED
    assert not stranger.queued
    await open_window(rig)
    clock.advance(timedelta(hours=24, seconds=1))
    buttons = ReplyButtons(body="?", buttons=(ReplyButton(id="y", title="Да"),))
    async with rig.services.db.transaction() as session:
        late = await enqueue(session, buttons, to=SHOPPER, now=clock.now())
        count = len((await run(session, select(OUTBOX.c.id))).all())
    assert late.status is EnqueueStatus.WINDOW_CLOSED
    assert count == 0


async def test_a_late_131047_failure_closes_the_window_for_later_sends(
    rig: Rig, clock: FrozenClock
) -> None:
    await open_window(rig)
    outbox_id = await queue_text(rig)
    await rig.control("POST", "faults", {"next": [{"fail_later": 131047}]})
    await rig.channel.sender.run_once()
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    record = await row(rig, outbox_id)
    assert (record.delivery, record.error_code) == ("failed", 131047)
    async with rig.services.db.transaction() as session:
        again = await enqueue(session, TextMessage(body="ещё"), to=SHOPPER, now=clock.now())
    assert again.status is EnqueueStatus.WINDOW_CLOSED


async def test_an_idempotency_key_queues_a_message_once(rig: Rig, clock: FrozenClock) -> None:
    await open_window(rig)
    async with rig.services.db.transaction() as session:
        first = await enqueue(
            session, TextMessage(body="a"), to=SHOPPER, now=clock.now(), key="cart:1:step:1"
        )
        second = await enqueue(
            session, TextMessage(body="a"), to=SHOPPER, now=clock.now(), key="cart:1:step:1"
        )
    assert first.status is EnqueueStatus.QUEUED
    assert (second.status, second.outbox_id) == (EnqueueStatus.DUPLICATE, first.outbox_id)


async def test_only_approved_templates_with_fitting_parameters_are_queued(
    rig: Rig, clock: FrozenClock
) -> None:
    now = clock.now()
    async with rig.services.db.transaction() as session:
        from shop.whatsapp import templates

        components = [{"type": "BODY", "text": "Здравствуйте, {{1}}! Заказ {{2}} ждёт оплаты."}]
        await templates.upsert(
            session,
            {
                "name": "order_wait",
                "language": "ru",
                "category": "UTILITY",
                "status": "APPROVED",
                "components": components,
            },
            now,
        )
        await templates.upsert(
            session,
            {
                "name": "promo",
                "language": "ru",
                "category": "MARKETING",
                "status": "PAUSED",
                "components": [],
            },
            now,
        )
        ok = await enqueue(
            session,
            TemplateMessage(name="order_wait", language="ru", body_params=("Анна", "42")),
            to="79990007777",
            now=now,
        )
        short = await enqueue(
            session,
            TemplateMessage(name="order_wait", language="ru", body_params=("Анна",)),
            to="79990007777",
            now=now,
        )
        paused = await enqueue(
            session, TemplateMessage(name="promo", language="ru"), to="79990007777", now=now
        )
        unknown = await enqueue(
            session, TemplateMessage(name="nope", language="ru"), to="79990007777", now=now
        )
        category = (await run(session, select(OUTBOX.c.category, OUTBOX.c.body))).one()
    assert ok.status is EnqueueStatus.QUEUED  # templates need no open window
    assert short.status is EnqueueStatus.TEMPLATE_PARAMETERS
    assert short.reason
    assert "2" in short.reason
    assert paused.status is EnqueueStatus.TEMPLATE_NOT_APPROVED
    assert unknown.status is EnqueueStatus.TEMPLATE_UNKNOWN
    assert category.category == "utility"
    assert json.loads(category.body)["template"]["name"] == "order_wait"


async def test_a_claim_left_by_a_crash_is_sent_after_its_lease(
    rig: Rig, clock: FrozenClock
) -> None:
    await open_window(rig)
    outbox_id = await queue_text(rig)
    claimed = await rig.channel.sender._claim(clock.now())  # the process dies after claiming
    assert [r["id"] for r in claimed] == [outbox_id]
    assert await rig.channel.sender.run_once() == 0  # still leased
    clock.advance(timedelta(minutes=2))
    assert await rig.channel.sender.run_once() == 1
    assert len(await accepted(rig)) == 1


async def test_duplicated_reordered_batched_statuses_from_the_fake_end_in_one_final_state(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    shoppers = [f"7999000{n:04d}" for n in range(5)]
    for wa_id in shoppers:  # they write first: the fake's windows open too
        body = {"type": "text", "text": {"body": "здравствуйте"}}
        await rig.control("POST", f"shoppers/{wa_id}/messages", body)
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    await rig.control(
        "POST",
        "config",
        {"duplicate_ratio": 1.0, "reorder_ratio": 1.0, "skip_delivered_ratio": 0.5, "seed": 3},
    )
    for wa_id in shoppers:
        for n in range(2):
            await queue_text(rig, body=f"#{n}", to=wa_id)
    while await rig.channel.sender.run_once():
        pass
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    async with rig.services.db.transaction() as session:
        rows = (await run(session, select(OUTBOX))).all()
    assert len(rows) == 10
    assert {r.state for r in rows} == {"accepted"}
    assert {r.delivery for r in rows} == {"read"}
    assert all(r.sent_at <= r.delivered_at <= r.read_at for r in rows)
    assert "status batch failed" not in caplog.text  # merged in bulk, not one by one


@pytest.mark.parametrize(
    "body",
    [
        {"messaging_product": "whatsapp", "to": "79001112233", "text": {"body": "Привет, {}"}},
        {},
    ],
)
def test_the_callback_id_is_spliced_into_the_stored_body_as_valid_json(
    body: dict[str, Any],
) -> None:
    stored = json.dumps(body, ensure_ascii=False)
    sent = json.loads(_with_callback(stored, 42))
    assert sent == {"biz_opaque_callback_data": "outbox:42", **body}


async def test_a_claim_whose_send_reached_meta_is_settled_by_its_echo_not_sent_again(
    rig: Rig, clock: FrozenClock
) -> None:
    await shopper_writes(rig)
    outbox_id = await queue_text(rig)
    claimed = await rig.channel.sender._claim(clock.now())
    # The process posts the claimed message, Meta takes it, and the process dies unanswered.
    await rig.channel.sender.api.send_json(_with_callback(claimed[0]["body"], outbox_id))
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    record = await row(rig, outbox_id)
    sent = await accepted(rig)
    assert (record.state, record.wamid, record.claimed_until) == (
        "accepted",
        sent[0]["wamid"],
        None,
    )
    assert record.accepted_at is not None
    clock.advance(timedelta(minutes=10))
    assert await rig.channel.sender.run_once() == 0
    assert len(await accepted(rig)) == 1


async def test_a_lapsed_claim_waits_a_grace_for_its_echo_before_it_is_sent_again(
    rig: Rig, clock: FrozenClock
) -> None:
    await open_window(rig)
    outbox_id = await queue_text(rig)
    sender = rig.channel.sender
    await sender._claim(clock.now())  # the process dies before its request left
    clock.advance(sender.lease + timedelta(seconds=1))
    assert await sender.run_once() == 0  # the lease is over, the grace is not
    clock.advance(sender.echo_grace)
    assert await sender.run_once() == 1
    assert (await row(rig, outbox_id)).state == "accepted"
    assert len(await accepted(rig)) == 1


async def test_an_unanswered_send_that_meta_took_is_settled_by_its_echo_not_retried(
    rig: Rig, clock: FrozenClock
) -> None:
    await shopper_writes(rig)
    outbox_id = await queue_text(rig)
    impatient = GraphClient(rig.services.settings, timeout=0.2)
    rig.channel.sender.api = impatient
    try:
        await rig.control("POST", "faults", {"next": [{"delay_ms": 400}]})  # Meta is slow
        await rig.channel.sender.run_once()
    finally:
        await impatient.aclose()
    record = await row(rig, outbox_id)
    assert (record.state, record.attempts) == ("pending", 1)
    grace = rig.channel.sender.echo_grace
    assert record.next_attempt_at >= clock.now() + grace  # the retry leaves time for the echo
    for _ in range(100):  # the fake answers late, then sends the statuses
        if await accepted(rig):
            break
        await asyncio.sleep(0.05)
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    assert (await row(rig, outbox_id)).state == "accepted"
    clock.advance(timedelta(minutes=10))
    assert await rig.channel.sender.run_once() == 0
    assert len(await accepted(rig)) == 1
