"""The retailer ids one import has met, kept on disk so memory stays flat in the file's size.

A million ids held in a Python set or dict cost about 100 MB; a private temporary SQLite
file (the standard library's, not the shop's database) costs its page cache, a few MB.
It answers the two questions an import asks of every id: was it in the file before
(a duplicate row), and is it in the file at all (a full import hides the rest).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

# SQLite's limit on host parameters is 32,766 in current versions, 999 in old ones.
_PARAMS = 900


class SeenIds:
    """Ids with the row of their first valid product (NULL: only rejected rows named it)."""

    def __init__(self) -> None:
        # "" is a private on-disk database, deleted when the connection closes.
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("PRAGMA cache_size=-2000")  # 2 MB
        self._db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, first_row INTEGER) WITHOUT ROWID")

    def first_rows(self, ids: Iterable[str]) -> dict[str, int]:
        """The first product row of each of these ids that has one."""
        found: dict[str, int] = {}
        for chunk in _chunks(list(set(ids))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT id, first_row FROM seen WHERE id IN ({marks}) AND first_row > 0"
            found.update(self._db.execute(query, chunk).fetchall())
        return found

    def contains(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT id FROM seen WHERE id IN ({marks})"
            found.update(rid for (rid,) in self._db.execute(query, chunk))
        return found

    def add(self, pairs: Iterable[tuple[str, int | None]]) -> None:
        """Remember ids; a product's row replaces a rejected row's NULL, never another row."""
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT INTO seen VALUES (?, ?) "
            "ON CONFLICT (id) DO UPDATE SET first_row = coalesce(first_row, excluded.first_row)",
            pairs,
        )
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _PARAMS):
        yield items[start : start + _PARAMS]
