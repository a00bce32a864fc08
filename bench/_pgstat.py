"""What the service's PostgreSQL connections are doing during a run, sampled: how often a
connection sits idle inside an open transaction (the process holds it across an await on
something else), waits for a lock, or runs a statement. The shopping tail's suspects are
told apart by these counts, not guessed."""

from __future__ import annotations

import asyncio
from collections import Counter

import asyncpg

from shop.storage.wakeups import asyncpg_dsn

SAMPLE_S = 0.05
QUERY = (
    "SELECT state, coalesce(wait_event_type, '-'), coalesce(wait_event, '-'), "
    "  left(regexp_replace(query, '\\s+', ' ', 'g'), 60) "
    "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND backend_type = 'client backend'"
)


class ActivitySampler:
    def __init__(self, database_url: str) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self.states: Counter[str] = Counter()
        self.idle_in_transaction: Counter[str] = Counter()  # by the last statement
        self.lock_waits: Counter[str] = Counter()
        self.samples = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        conn = await asyncpg.connect(self.dsn)
        self._task = asyncio.create_task(self._run(conn))

    async def _run(self, conn: asyncpg.Connection) -> None:
        try:
            while True:
                for state, wait_type, wait, query in await conn.fetch(QUERY):
                    key = f"{state}" + (f" / {wait_type}:{wait}" if wait_type != "-" else "")
                    self.states[key] += 1
                    if state == "idle in transaction":
                        self.idle_in_transaction[query] += 1
                    if wait_type == "Lock":
                        self.lock_waits[f"{wait}: {query}"] += 1
                self.samples += 1
                await asyncio.sleep(SAMPLE_S)
        finally:
            await conn.close()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def report(self) -> str:
        per = max(self.samples, 1)
        lines = [f"  pg_stat_activity, {self.samples} samples every {SAMPLE_S * 1000:.0f} ms:"]
        for key, n in self.states.most_common(8):
            lines.append(f"    {n / per:6.2f} connections on average {key}")
        for query, n in self.idle_in_transaction.most_common(4):
            lines.append(f"    idle in transaction after: {query} ({n / per:.2f})")
        for what, n in self.lock_waits.most_common(4):
            lines.append(f"    waiting for a lock: {what} ({n / per:.2f})")
        return "\n".join(lines)
