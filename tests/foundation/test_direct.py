"""Statements run on the driver's own connection read and write what SQLAlchemy would."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from sqlalchemy import bindparam, select, update

from shop.chat.tables import ShopChat
from shop.storage.db import Database
from shop.storage.fastpath import TESTED_SQLALCHEMY, Direct
from shop.storage.sql import run

CHAT = ShopChat.__table__  # type: ignore[attr-defined]
BY_KEY = select(*CHAT.c).where(CHAT.c.wa_id == bindparam("wa_id"))
AT = datetime(2026, 12, 1, 21, 30, 15, 123456, tzinfo=UTC)


async def seed(db: Database) -> int:
    async with db.transaction() as session:
        chat = ShopChat(business="100", wa_id="79001112233", name="Анна", updated_at=AT)
        session.add(chat)
        await session.flush()
        assert chat.id is not None
        return chat.id


async def test_a_row_reads_as_sqlalchemy_reads_it_aware_datetimes_included(db: Database) -> None:
    await seed(db)
    async with db.transaction() as session:
        expected = dict((await run(session, BY_KEY, {"wa_id": "79001112233"})).one()._mapping)
        (got,) = await Direct.of(BY_KEY).rows(session, {"wa_id": "79001112233"})
    assert got == expected
    assert got["updated_at"] == AT
    assert got["updated_at"].tzinfo is not None
    assert got["name"] == "Анна"


async def test_the_first_statement_of_a_unit_of_work_counts_in_its_transaction(
    db: Database,
) -> None:
    """On PostgreSQL the driver's transaction begins with SQLAlchemy's first statement: a
    direct one before it goes through SQLAlchemy, so a rollback still takes it back."""
    chat_id = await seed(db)
    rename = Direct.of(
        update(CHAT)
        .where(CHAT.c.id == bindparam("b_id"))
        .values(name=bindparam("name"), updated_at=bindparam("at", type_=CHAT.c.updated_at.type))
        .returning(CHAT.c.id, CHAT.c.updated_at)
    )
    later = AT + timedelta(hours=1)

    async def rename_then_fail() -> None:
        async with db.transaction() as session:
            rows = await rename.rows(session, {"b_id": chat_id, "name": "Б", "at": later})
            assert rows == [{"id": chat_id, "updated_at": later}]
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        await rename_then_fail()
    async with db.transaction() as session:
        (kept,) = await Direct.of(BY_KEY).rows(session, {"wa_id": "79001112233"})
        assert kept["name"] == "Анна"
        await run(session, select(1))  # SQLAlchemy has begun; the direct one follows it
        await rename.rows(session, {"b_id": chat_id, "name": "Борис", "at": later})
    async with db.transaction() as session:
        (renamed,) = await Direct.of(BY_KEY).rows(session, {"wa_id": "79001112233"})
    assert (renamed["name"], renamed["updated_at"]) == ("Борис", later)


async def test_values_built_into_the_statement_are_sent_and_plain_dml_returns_nothing(
    db: Database,
) -> None:
    chat_id = await seed(db)
    lock = Direct.of(update(CHAT).where(CHAT.c.id == bindparam("b_id")).values(locale="en"))
    async with db.transaction() as session:
        assert await lock.rows(session, {"b_id": chat_id}) == []
        (row,) = await Direct.of(BY_KEY).rows(session, {"wa_id": "79001112233"})
    assert row["locale"] == "en"


async def test_an_expanding_parameter_is_refused(db: Database) -> None:
    await seed(db)
    many = Direct.of(select(CHAT.c.id).where(CHAT.c.wa_id.in_(bindparam("ids", expanding=True))))
    async with db.transaction() as session:
        await run(session, select(1))
        with pytest.raises(ValueError, match="expanding"):
            await many.rows(session, {"ids": ["79001112233"]})


def _tested() -> SpecifierSet:
    """The tested release and the later patches of its minor."""
    tested = Version(TESTED_SQLALCHEMY)
    return SpecifierSet(f">={tested},<{tested.major}.{tested.minor + 1}")


def test_sqlalchemy_is_the_release_the_fast_path_was_tested_with() -> None:
    installed = sqlalchemy.__version__
    assert installed in _tested(), (
        f"shop/storage/fastpath.py reads SQLAlchemy internals and was tested with SQLAlchemy "
        f"{TESTED_SQLALCHEMY} ({_tested()}); {installed} is installed. Run its tests on SQLite "
        "and PostgreSQL and the message-path benchmarks on that release before moving "
        "TESTED_SQLALCHEMY and the pin in pyproject.toml."
    )


def test_the_pin_in_pyproject_is_the_tested_range() -> None:
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    pins = [Requirement(r) for r in project["project"]["dependencies"]]
    (pin,) = [r.specifier for r in pins if r.name.lower() == "sqlalchemy"]
    assert pin == _tested()
