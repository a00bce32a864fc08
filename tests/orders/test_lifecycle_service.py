"""The unit of work of an order's step on a real database: status, history, audit, stock,
the cancel's refund and the shopper's news inside and outside the 24-hour window."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from shop.access.tables import AuditEvent
from shop.orders import events
from shop.orders.events import Actor
from shop.orders.jobs import finish_cancel_refunds
from shop.orders.lifecycle import Ask, Refusal, Tracking
from shop.orders.model import OrderStatus
from shop.orders.news import undelivered
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.orders.conftest import NOW, place
from tests.orders.lifecycle_rig import (
    add_template,
    close_window,
    make_rig,
    news_rows,
    open_window,
    paid_order,
    reload,
    sent,
    text_of,
)

S = OrderStatus
OWNER = Actor.staff("anna", "owner")
OPERATOR = Actor.staff("oleg", "operator")
TRACK = Tracking(number="CD123456789RU", carrier="СДЭК", url="https://cdek.ru/track/CD1")


async def test_shipping_records_tracking_history_audit_and_tells_the_shopper_in_the_window(
    db: Database,
) -> None:
    rig = make_rig(db)
    order = await paid_order(rig)
    await open_window(db, order.wa_id, NOW)
    for target in (S.CONFIRMED, S.ASSEMBLING):
        assert (await rig.lifecycle.change(order.id or 0, Ask(target, OPERATOR))) is not None
    changed = await rig.lifecycle.change(
        order.id or 0, Ask(S.SHIPPED, OPERATOR, reason="забрал курьер", tracking=TRACK)
    )
    assert changed is not None
    assert changed.decision.target is S.SHIPPED
    shipped = await reload(db, order.id)
    assert (shipped.status, shipped.tracking_number, shipped.carrier) == (
        "shipped",
        "CD123456789RU",
        "СДЭК",
    )
    async with db.sessions() as session:
        history = await events.history(session, order.id or 0)
        audit = (await session.exec(select(AuditEvent))).all()
    steps = [(e.from_status, e.to_status, e.actor_kind, e.actor) for e in history]
    assert steps == [
        ("awaiting_payment", "paid", "system", "system"),
        ("paid", "confirmed", "staff", "oleg"),
        ("confirmed", "assembling", "staff", "oleg"),
        ("assembling", "shipped", "staff", "oleg"),
    ]
    assert history[-1].reason == "забрал курьер"
    assert [a.action for a in audit] == ["order.status"] * 3
    texts = [text_of(body) for body in await sent(db, order.wa_id)]
    assert texts[-1].startswith(f"Заказ {order.number} отправлен. СДЭК, трек-номер CD123456789RU")
    assert any("подтверждён" in text for text in texts)
    assert not any("собира" in text and "подтверждён" not in text for text in texts)


async def test_outside_the_window_the_news_goes_as_the_order_update_template(
    db: Database,
) -> None:
    rig = make_rig(db)
    await add_template(db)
    order = await paid_order(rig)
    await close_window(db, order.wa_id, rig.clock)
    await rig.lifecycle.change(order.id or 0, Ask(S.CONFIRMED, OWNER))
    body = (await sent(db, order.wa_id))[-1]
    assert body["type"] == "template"
    assert body["template"]["name"] == "order_update"
    assert text_of(body) == f"{order.number} | заказ подтверждён, начинаем собирать"
    button = next(c for c in body["template"]["components"] if c["type"] == "button")
    assert button["parameters"][0]["text"] == order.token
    [*_, told] = await news_rows(db, order.id)
    assert (told.kind, told.state, told.channel) == ("confirmed", "queued", "template")


async def test_without_an_approved_template_the_news_is_recorded_undelivered(
    db: Database,
) -> None:
    rig = make_rig(db)
    await add_template(db, status="PENDING")
    order = await paid_order(rig)
    await close_window(db, order.wa_id, rig.clock)
    before = await sent(db, order.wa_id)
    await rig.lifecycle.change(order.id or 0, Ask(S.CONFIRMED, OWNER))
    assert await sent(db, order.wa_id) == before  # nothing could go
    [*_, told] = await news_rows(db, order.id)
    assert (told.kind, told.state, told.channel) == ("confirmed", "undelivered", "none")
    assert "not_approved" in (told.reason or "")
    async with db.sessions() as session:
        assert await undelivered(session, NOW - timedelta(days=1)) == 2  # paid, then confirmed


async def test_paid_and_refunded_news_outside_the_window_are_no_longer_dropped(
    db: Database,
) -> None:
    rig = make_rig(db)
    await add_template(db)
    order = await paid_order(rig)  # placed a day ago in the shopper's eyes: no window
    await rig.refunds.refund(order.id or 0, reason="передумал")
    bodies = [b for b in await sent(db, order.wa_id) if b["type"] == "template"]
    assert [text_of(b) for b in bodies] == [
        f"{order.number} | оплата получена, спасибо",
        f"{order.number} | оформлен возврат, деньги вернутся тем же способом, что и оплата",
    ]
    assert [n.kind for n in await news_rows(db, order.id)] == ["paid", "refunded"]


async def test_the_owner_cancels_a_paid_order_with_a_full_refund_and_the_stock_back(
    db: Database,
) -> None:
    rig = make_rig(db)
    order = await paid_order(rig)
    await open_window(db, order.wa_id, NOW)
    changed = await rig.lifecycle.change(
        order.id or 0, Ask(S.CANCELED, OWNER, reason="нет в наличии")
    )
    assert changed is not None
    assert changed.refund is not None
    assert (changed.refund.status, str(changed.refund.amount)) == ("succeeded", "1350.00 RUB")
    canceled = await reload(db, order.id)
    assert (canceled.status, canceled.cancel_reason) == ("canceled", "нет в наличии")
    texts = [text_of(b) for b in await sent(db, order.wa_id)]
    assert any("отменён. Деньги вернутся" in text for text in texts)
    assert "оформлен возврат" in texts[-1]


async def test_an_operator_may_not_cancel_a_paid_order_and_nothing_changes(db: Database) -> None:
    rig = make_rig(db)
    order = await paid_order(rig)
    changed = await rig.lifecycle.change(
        order.id or 0, Ask(S.CANCELED, OPERATOR, reason="нет в наличии")
    )
    assert changed is not None
    assert changed.decision.refusal is Refusal.FORBIDDEN
    assert (await reload(db, order.id)).status == "paid"
    assert rig.yookassa.state()["refunds"] == []


async def test_an_illegal_step_changes_nothing_and_tells_nothing(db: Database) -> None:
    rig = make_rig(db)
    order = await place(db)
    await open_window(db, order.wa_id, NOW)
    changed = await rig.lifecycle.change(order.id or 0, Ask(S.SHIPPED, OWNER, tracking=TRACK))
    assert changed is not None
    assert changed.decision.refusal is Refusal.ILLEGAL
    assert changed.decision.allowed == (S.CANCELED,)
    assert (await reload(db, order.id)).tracking_number is None
    assert await sent(db, order.wa_id) == []


async def test_a_cancel_cut_off_before_its_refund_is_refunded_by_the_job_exactly_once(
    db: Database,
) -> None:
    rig = make_rig(db)
    order = await paid_order(rig)
    async with db.transaction() as session:  # the cancel commits, then the process dies
        row = await session.get(ShopOrder, order.id, with_for_update=True)
        assert row is not None
        await rig.lifecycle.apply(session, row, Ask(S.CANCELED, OWNER, reason="нет в наличии"))
    assert rig.yookassa.state()["refunds"] == []
    assert await finish_cancel_refunds(rig.lifecycle) == 1
    assert await finish_cancel_refunds(rig.lifecycle) == 0
    [refund] = rig.yookassa.state()["refunds"]
    assert refund["amount"] == {"value": "1350.00", "currency": "RUB"}
    assert (await reload(db, order.id)).status == "canceled"


async def test_the_job_leaves_a_cancel_whose_refund_was_made(db: Database) -> None:
    rig = make_rig(db)
    order = await paid_order(rig)
    rig.yookassa.lose_answers(why="timeout: ReadTimeout")  # made, but the answer is lost
    changed = await rig.lifecycle.change(order.id or 0, Ask(S.CANCELED, OWNER, reason="брак"))
    assert changed is not None
    assert changed.refund_problem is not None
    assert await finish_cancel_refunds(rig.lifecycle) == 0  # its keyed row is there to retry
    assert len(rig.yookassa.state()["refunds"]) == 1
