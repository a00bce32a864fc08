"""Migrations: up from empty on the configured backend, and identical to the models."""

from __future__ import annotations

import asyncio
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import make_url

from shop.storage import migrations
from shop.storage.db import make_engine
from shop.storage.schema import metadata
from tests.conftest import ON_POSTGRES, PG_ADMIN_URL


async def _fresh_pg(name: str) -> str:
    engine = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


async def _schema_diff(url: str) -> list[object]:
    engine = make_engine(url)

    def compare(conn: object) -> list[object]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})  # type: ignore[arg-type]
        return list(compare_metadata(context, metadata))

    async with engine.connect() as conn:
        diff = await conn.run_sync(compare)
    await engine.dispose()
    return diff


def _empty_url(tmp_path: object) -> str:
    if ON_POSTGRES:
        name = f"vitrina_migrate_{os.getpid()}"
        return asyncio.run(_fresh_pg(name))
    return f"sqlite+aiosqlite:///{tmp_path}/empty.db"


def test_upgrade_from_empty_matches_the_models(tmp_path: object) -> None:
    url = _empty_url(tmp_path)
    migrations.upgrade(url)
    assert asyncio.run(_schema_diff(url)) == []


def test_upgrade_is_repeatable_and_downgrade_returns_to_empty(tmp_path: object) -> None:
    url = _empty_url(tmp_path)
    migrations.upgrade(url)
    migrations.upgrade(url)  # already at head: nothing to do, no error
    from alembic import command

    command.downgrade(migrations.alembic_config(url), "base")
    tables = asyncio.run(_table_names(url))
    assert tables <= {"alembic_version"}


async def _table_names(url: str) -> set[str]:
    engine = make_engine(url)

    def names(conn: object) -> set[str]:
        from sqlalchemy import inspect

        return set(inspect(conn).get_table_names())

    async with engine.connect() as conn:
        result = await conn.run_sync(names)
    await engine.dispose()
    return result


@pytest.mark.usefixtures("database_url")
def test_head_revision_is_known() -> None:
    assert migrations.head_revision() is not None
