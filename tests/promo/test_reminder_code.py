"""A reminder step that names one of the merchant's codes sends the shopper a one-time code
of their own with the same terms; checkout takes it once, from that shopper only."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from catalog.money import Money
from shop.clock import FrozenClock
from shop.promo import manage, store
from shop.promo.rules import Accepted, Refusal, Refused
from shop.promo.tables import PromoCode
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting
from tests.reminders.test_scheduler import MORNING, SHOPPER, abandon, clock, reminders, rig, run_at
from tests.whatsapp.rig import Rig

__all__ = ["clock", "rig"]


async def test_the_reminder_carries_the_shoppers_own_code(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    doc = manage.validated({"code": "BACK10", "kind": "percent", "percent": 10})
    async with db.transaction() as session:
        await manage.create(session, doc, MORNING)
        for key, value in (
            ("nudge_templates", "cart_reminder_promo"),
            ("nudge_promo_codes", "BACK10"),
        ):
            session.add(MerchantSetting(key=key, value=value, updated_at=MORNING))
    await abandon(db, MORNING)
    await run_at(rig, clock, MORNING + timedelta(hours=1, minutes=1))
    [sent] = await reminders(db)
    assert sent["name"] == "cart_reminder_promo"
    body = next(c for c in sent["components"] if c["type"] == "body")
    code = body["parameters"][2]["text"]
    assert code != "BACK10"
    async with db.sessions() as session:
        own = (await session.exec(select(PromoCode).where(col(PromoCode.code) == code))).one()
    assert (own.origin, own.wa_id, own.percent, own.total_limit) == ("reminder", SHOPPER, 10, 1)
    assert own.ends_at == MORNING + timedelta(hours=1, minutes=1, days=3)

    goods = Money.rub("598.00")
    async with db.sessions() as session:
        mine = await store.verdict(session, code, wa_id=SHOPPER, goods=goods, units=2, now=MORNING)
        theirs = await store.verdict(
            session, code, wa_id="79990000000", goods=goods, units=2, now=MORNING
        )
    assert isinstance(mine, Accepted)
    assert mine.discount == Money.rub("59.80")
    assert isinstance(theirs, Refused)
    assert theirs.reason is Refusal.NOT_YOURS
