"""The desk's live feed is pushed: a committed desk change wakes the open feeds at once.

A unit of work that writes what an operator's page shows (a transcript line: the shopper's
message, a reply, a handover, a take, a transfer; a media outcome) marks its session with
`changed`. Once it commits, the composition root tells this process's `LiveFeed` and, on
PostgreSQL, the other processes through the wake-ups' LISTEN/NOTIFY (`shop.storage.wakeups`),
where the webhook's inbox is often handled by another process than the one holding the
operator's feed. Each feed then looks again at once instead of at its next poll; the poll
stays, slower, for what no one announces (a lost notification). Merged delivery statuses
announce themselves too (`Handlers.statuses`), so a chat page's ticks move at once.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.db import mark_changed

TOPIC = "desk.live"  # also the wake-up's name between processes


def changed(session: AsyncSession) -> None:
    """This unit of work changed what the desk's pages show: wake their feeds on commit."""
    mark_changed(session, TOPIC)


class LiveFeed:
    """One per process: `wake()` when a desk change committed; each open feed `wait`s.

    A version counter, not a queue: a feed that was busy while three changes came looks once
    more, not three times. `polls` counts the waits that ended by the fallback poll.
    """

    def __init__(self, *, fallback: float) -> None:
        self.fallback = fallback
        self.version = 0
        self.polls = 0
        self._changed = asyncio.Event()

    def wake(self) -> None:
        self.version += 1
        told, self._changed = self._changed, asyncio.Event()
        told.set()

    async def wait(self, seen: int) -> int:
        """Until a change after version `seen`, or the fallback poll; the version then."""
        told = self._changed
        if self.version == seen:
            try:
                await asyncio.wait_for(told.wait(), self.fallback)
            except TimeoutError:
                self.polls += 1
        return self.version
