"""The global send ceiling: a per-calendar-second counter row shared by every sender process.

Why a counter row and not advisory locks or an in-process bucket: the row makes the budget
of one second a single number in the database that all `shop worker` processes draw from
under a row lock (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's single writer lock gives
the same), so the ceiling holds across processes without any process trusting another's
clock state. Grants are taken in bulk (one round trip per batch, not per message).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.sql import PerDialect, run
from shop.whatsapp.tables import WaRateSecond

RATE = WaRateSecond.__table__  # type: ignore[attr-defined]
# A grant is for sends that *start* before this point of its second: one started later
# could be counted by Meta in the next second, on top of that second's full budget.
LATE_IN_SECOND = 0.8
_USED = select(RATE.c.used).where(RATE.c.second == bindparam("b_second")).with_for_update()
_NEW_SECOND = PerDialect(
    lambda dialect_insert: (
        dialect_insert(RATE)
        .values(second=bindparam("b_second"), used=0)
        .on_conflict_do_nothing(index_elements=["second"])
    )
)
_COUNT = update(RATE).where(RATE.c.second == bindparam("b_second")).values(used=bindparam("b_used"))


@dataclass(frozen=True)
class Grant:
    count: int
    deadline: float  # wall-clock time after which a granted send must not start


class SecondCounter:
    """`grant_in(session, n)` grants up to n sends in the current calendar second (0: the
    caller waits for the next one, `sleep_to_next_second`)."""

    def __init__(self, limit: int, *, wall: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self.wall = wall
        self._calls = 0

    async def sleep_to_next_second(self) -> None:
        now = self.wall()
        await asyncio.sleep(max(0.0, int(now) + 1 - now))

    async def _used(self, session: AsyncSession, second: int) -> int:
        """The second's count, its row locked; the row is made by the first grant of it."""
        used = (await run(session, _USED, {"b_second": second})).scalar_one_or_none()
        if used is None:
            await run(session, _NEW_SECOND.of(session), {"b_second": second})
            used = (await run(session, _USED, {"b_second": second})).scalar_one()
        return int(used)

    async def grant_in(self, session: AsyncSession, wanted: int) -> Grant:
        """Up to `wanted` sends now, counted in the caller's transaction (which must not
        hold outbox or chat rows yet: the counter row is always locked first).

        Late in a second, a send may be counted by Meta in this second or the next, so it is
        granted only if both have room, and counted in both: no sleep while traffic is below
        the ceiling, and no second over it when traffic is at the ceiling.
        """
        now = self.wall()
        second = int(now)
        late = now - second >= LATE_IN_SECOND
        seconds = (second, second + 1) if late else (second,)
        used = {}
        for at in seconds:
            used[at] = await self._used(session, at)
        granted = max(0, min([wanted, *(self.limit - u for u in used.values())]))
        if granted:
            for at, count in used.items():
                await run(session, _COUNT, {"b_second": at, "b_used": count + granted})
        self._calls += 1
        if self._calls % 200 == 0:
            await run(session, delete(RATE).where(RATE.c.second < seconds[0] - 120))
        return Grant(granted, seconds[-1] + LATE_IN_SECOND)
