"""The in-memory fakes answer as the services they stand in for do."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from catalog.graph import GraphError
from catalog.money import Money
from payments.gateway import (
    NotAnObjectId,
    OutcomeUnknown,
    PaymentFilter,
    PaymentRequest,
    RefundFilter,
    RefundRequest,
    Rejected,
    list_all_payments,
)
from payments.states import PaymentStatus
from shop.whatsapp.graph import SendResult
from shop.whatsapp.messages import TemplateMessage, TextMessage
from shop.whatsapp.outbox import EnqueueStatus
from tests.fakes import (
    FakeCatalog,
    FakeMessages,
    FakeOutbox,
    FakeTemplates,
    FakeYooKassa,
    FrozenClock,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
SHOPPER = "79001234567"


def text(body: str = "Здравствуйте!", to: str = SHOPPER) -> bytes:
    return json.dumps(TextMessage(body=body).to_body(to), ensure_ascii=False).encode()


def order(total: str = "1350.00", order_id: str = "1") -> PaymentRequest:
    return PaymentRequest(
        Money.rub(total), f"Заказ {order_id}", "https://s/o/t", {"order_id": order_id}
    )


async def test_meta_accepts_a_message_with_a_wamid_and_refuses_a_malformed_one() -> None:
    meta = FakeMessages()
    sent = await meta.send_json(text())
    assert (sent.ok, sent.wamid) == (True, "wamid.fake.1")
    refused = await meta.send_json(b'{"messaging_product": "whatsapp", "to": "nobody"}')
    assert (refused.http_status, refused.error_code, refused.ok) == (400, 100, False)
    assert [m["body"]["text"]["body"] for m in meta.messages_to(SHOPPER)] == ["Здравствуйте!"]


async def test_a_scripted_error_keeps_nothing_and_an_answer_in_doubt_keeps_the_message() -> None:
    meta = FakeMessages()
    meta.answer_next(SendResult(http_status=503, error_code=131016), SendResult(in_doubt=True))
    assert (await meta.send_json(text("один"))).error_code == 131016
    assert (await meta.send_json(text("два"))).in_doubt
    assert (await meta.send_json(text("три"))).ok
    assert [m["body"]["text"]["body"] for m in meta.accepted] == ["два", "три"]


async def test_templates_come_page_by_page_until_the_last() -> None:
    templates = FakeTemplates(page_size=2)
    seeded = [t["name"] for t in (await FakeTemplates().template_pages(None))[0]]
    templates.add("extra", category="UTILITY", components=[{"type": "BODY", "text": "{{1}}"}])
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while True:
        page, cursor = await templates.template_pages(cursor)
        pages.append(page)
        if cursor is None:
            break
    assert [len(page) for page in pages[:-1]] == [2] * (len(pages) - 1)
    names = [t["name"] for page in pages for t in page]
    assert names == [*seeded, "extra"]
    assert {t["status"] for page in pages for t in page} == {"APPROVED"}


async def test_a_catalog_batch_takes_effect_on_its_second_poll_with_refusals_as_errors() -> None:
    meta = FakeCatalog()
    meta.refuse("B")
    item = {"title": "Чай", "description": "Чай", "availability": "in stock"}
    item |= {"condition": "new", "price": "100.00 RUB", "link": "https://s/p", "image_link": "i"}
    handle = await meta.items_batch(
        [{"method": "CREATE", "data": {**item, "id": rid}} for rid in ("A", "B")]
    )
    assert not (await meta.batch_status(handle)).done
    finished = await meta.batch_status(handle)
    assert (finished.status, finished.invalid_ids) == ("finished", frozenset({"B"}))
    assert set(meta.items) == {"A"}
    assert meta.received == 2


async def test_catalog_faults_and_unknown_handles_are_graph_errors() -> None:
    meta = FakeCatalog()
    meta.fail_next(503, 2)
    with pytest.raises(GraphError) as failed:
        await meta.items_batch([{"method": "DELETE", "data": {"id": "A"}}])
    assert failed.value.transient
    with pytest.raises(GraphError, match="Unknown batch handle"):
        await meta.batch_status("forgotten")


async def test_a_key_answers_its_first_payment_and_refuses_a_changed_request() -> None:
    yookassa = FakeYooKassa()
    first = await yookassa.create_payment(order(), key="k1")
    again = await yookassa.create_payment(order(), key="k1")
    assert again == first
    assert first.status is PaymentStatus.PENDING
    assert first.confirmation_url is not None
    with pytest.raises(Rejected):
        await yookassa.create_payment(order("990.00"), key="k1")
    with pytest.raises(NotAnObjectId):
        await yookassa.get_payment("../payments")
    assert len(yookassa.state()["payments"]) == 1


async def test_a_lost_answer_leaves_the_payment_made_and_the_same_key_finds_it() -> None:
    yookassa = FakeYooKassa()
    yookassa.lose_answers()
    with pytest.raises(OutcomeUnknown):
        await yookassa.create_payment(order(), key="k1")
    found = await yookassa.create_payment(order(), key="k1")
    assert [p["id"] for p in yookassa.state()["payments"]] == [found.id]


async def test_the_shopper_pays_and_refunds_stay_within_the_payment() -> None:
    yookassa = FakeYooKassa()
    payment = await yookassa.create_payment(order("1000.00"), key="k1")
    assert payment.confirmation_url is not None
    yookassa.choose(payment.confirmation_url, "pay")
    paid = await yookassa.get_payment(payment.id)
    assert (paid.status, paid.income_amount) == (PaymentStatus.SUCCEEDED, Money.rub("965.00"))
    refund = await yookassa.create_refund(RefundRequest(paid.id, Money.rub("600.00")), key="r1")
    assert await yookassa.get_refund(refund.id) == refund
    with pytest.raises(Rejected):
        await yookassa.create_refund(RefundRequest(paid.id, Money.rub("500.00")), key="r2")
    assert [event for event, _ in yookassa.notifications] == [
        "payment.succeeded",
        "refund.succeeded",
    ]
    page = await yookassa.list_refunds(RefundFilter(payment_id=paid.id))
    assert [r.id for r in page.items] == [refund.id]


async def test_payments_are_listed_newest_first_page_by_page_and_links_lapse() -> None:
    clock = FrozenClock(NOW)
    yookassa = FakeYooKassa(clock)
    made = []
    for n in range(3):
        made.append(await yookassa.create_payment(order(order_id=str(n)), key=f"k{n}"))
        clock.advance(timedelta(minutes=1))
    listed = await list_all_payments(yookassa, PaymentFilter(limit=2))
    assert [p.id for p in listed] == [p.id for p in reversed(made)]
    clock.advance(timedelta(hours=1))
    lapsed = await yookassa.get_payment(made[0].id)
    assert (lapsed.status, lapsed.cancellation_reason) == (
        PaymentStatus.CANCELED,
        "expired_on_confirmation",
    )


async def test_the_outbox_keeps_free_form_messages_inside_the_window() -> None:
    clock = FrozenClock(NOW)
    outbox = FakeOutbox(clock)
    closed = await outbox(None, TextMessage(body="Привет"), to=SHOPPER)
    assert closed.status is EnqueueStatus.WINDOW_CLOSED
    outbox.inbound(SHOPPER)
    queued = await outbox(None, TextMessage(body="Привет"), to=SHOPPER, key="hello")
    replay = await outbox(None, TextMessage(body="Другое"), to=SHOPPER, key="hello")
    assert (queued.status, replay.status) == (EnqueueStatus.QUEUED, EnqueueStatus.DUPLICATE)
    assert replay.outbox_id == queued.outbox_id
    clock.advance(timedelta(hours=24))
    late = await outbox(None, TextMessage(body="Привет"), to=SHOPPER)
    assert late.status is EnqueueStatus.WINDOW_CLOSED
    assert outbox.to(SHOPPER) == [TextMessage(body="Привет")]


async def test_the_outbox_sends_only_approved_templates_with_their_parameters() -> None:
    outbox = FakeOutbox(FrozenClock(NOW))
    reminder = TemplateMessage(name="cart_reminder", language="ru", body_params=("Анна", "1 ₽"))
    assert (await outbox(None, reminder, to=SHOPPER)).status is EnqueueStatus.QUEUED
    assert outbox.queued[0].category == "marketing"
    short = TemplateMessage(name="cart_reminder", language="ru", body_params=("Анна",))
    assert (await outbox(None, short, to=SHOPPER)).status is EnqueueStatus.TEMPLATE_PARAMETERS
    unknown = TemplateMessage(name="nothing", language="ru")
    assert (await outbox(None, unknown, to=SHOPPER)).status is EnqueueStatus.TEMPLATE_UNKNOWN
    outbox.templates.add("cart_reminder", status="PAUSED", category="MARKETING")
    paused = await outbox(None, reminder, to=SHOPPER)
    assert paused.status is EnqueueStatus.TEMPLATE_NOT_APPROVED
