"""Round-robin among the group's online members up to their capacity, and the group's
out-of-hours reply, both on the fake clock."""

from __future__ import annotations

from shop import merchant_settings
from shop.clock import FrozenClock
from shop.desk.groups import KEY, Groups, defaults
from tests.chat.chat import Shopper, texts
from tests.desk.desk import chat_of
from tests.whatsapp.rig import Rig


async def _groups(rig: Rig, clock: FrozenClock, **changes: object) -> None:
    base = defaults()
    doc = Groups(
        groups=[g.model_copy(update=changes) if g.key == "sales" else g for g in base.groups],
        default_group="sales",
    )
    async with rig.services.db.transaction() as session:
        await merchant_settings.save(session, KEY, doc, clock.now())


async def test_round_robin_gives_the_chat_to_an_online_member_under_capacity(
    rig: Rig, clock: FrozenClock
) -> None:
    await _groups(rig, clock, round_robin=True, capacity=1, members=["ivan", "olga"])
    first, second = Shopper(rig, clock, "79000000001"), Shopper(rig, clock, "79000000002")
    for shopper in (first, second):
        await shopper.text("привет")
        await rig.services.desk.seen("ivan")  # ivan's desk is open (now); olga's is not
        await shopper.text("оператор")
    _, taken = await chat_of(rig, first.wa_id)
    _, queued = await chat_of(rig, second.wa_id)
    assert taken is not None
    assert (taken.state, taken.assignee) == ("assigned", "ivan")
    assert queued is not None
    assert (queued.state, queued.assignee) == ("waiting", None)  # ivan is at his capacity


async def test_out_of_hours_the_group_answers_with_its_own_text(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    today = clock.now().astimezone(rig.services.settings.zone).isoweekday()
    other = [day for day in range(1, 8) if day != today]
    await _groups(rig, clock, days=other, away_text="Мы ответим в понедельник с 9:00.")
    await shopper.text("привет")
    answer = await shopper.text("оператор")
    assert texts(answer)[-1] == "Мы ответим в понедельник с 9:00."
    assert len(texts(answer)) == 2  # after the bot's "a person will answer"
