"""The per-second ceiling late in a second: granted at once when both seconds have room."""

from __future__ import annotations

from sqlalchemy import select

from shop.storage.db import Database
from shop.storage.sql import run
from shop.whatsapp.ratelimit import RATE, Grant, SecondCounter

SECOND = 1_800_000_000


class Wall:
    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


async def used(db: Database) -> dict[int, int]:
    async with db.sessions() as session:
        rows = await run(session, select(RATE.c.second, RATE.c.used))
        return {int(s): int(u) for s, u in rows}


async def granted(db: Database, counter: SecondCounter, wanted: int) -> Grant:
    async with db.transaction() as session:
        return await counter.grant_in(session, wanted)


async def test_early_in_a_second_only_that_second_counts(db: Database) -> None:
    counter = SecondCounter(10, wall=Wall(SECOND + 0.1))
    grant = await granted(db, counter, 4)
    assert (grant.count, grant.deadline) == (4, SECOND + 0.8)
    assert await used(db) == {SECOND: 4}


async def test_late_in_a_second_a_grant_counts_in_both_and_does_not_wait(db: Database) -> None:
    wall = Wall(SECOND + 0.9)
    counter = SecondCounter(10, wall=wall)
    grant = await granted(db, counter, 4)
    assert grant.count == 4
    assert grant.deadline == SECOND + 1.8
    assert await used(db) == {SECOND: 4, SECOND + 1: 4}


async def test_late_grants_are_limited_by_the_fuller_of_the_two_seconds(db: Database) -> None:
    wall = Wall(SECOND + 0.5)
    counter = SecondCounter(10, wall=wall)
    assert (await granted(db, counter, 8)).count == 8  # second S: 8 of 10 used
    wall.at = SECOND + 0.95
    assert (await granted(db, counter, 5)).count == 2  # S has room for 2 only
    assert await used(db) == {SECOND: 10, SECOND + 1: 2}
