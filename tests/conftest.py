"""Shared fixtures: a fresh database per test on SQLite (default) or PostgreSQL.

Set TEST_DATABASE_URL=postgresql+asyncpg://user@host:port/db to run the suite on
PostgreSQL; each test process creates its own database there and empties it
between tests.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url

from shop.storage.db import Database, make_engine
from shop.storage.schema import metadata

# Property tests assert behaviour, never speed: no per-example deadline and no "too slow"
# health check, both of which are wall-clock thresholds that a loaded machine trips.
settings.register_profile("vitrina", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("vitrina")

# Shopper files the desk keeps go to a throwaway folder, never into the working copy, for the
# tests' own services and for the `shop serve` processes they start (which inherit it).
os.environ.setdefault("MEDIA_DIR", tempfile.mkdtemp(prefix="vitrina-test-media-"))

PG_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = PG_ADMIN_URL.startswith("postgresql")


def _worker_suffix() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


async def _create_schema(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await engine.dispose()


async def _recreate_pg_database(admin_url: str, name: str) -> None:
    engine = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Once per test process: an empty schema to copy (SQLite) or to truncate (PostgreSQL)."""
    if ON_POSTGRES:
        name = f"vitrina_test_{_worker_suffix()}_{uuid.uuid4().hex[:6]}"
        url = str(make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))
        asyncio.run(_recreate_pg_database(PG_ADMIN_URL, name))
        asyncio.run(_create_schema(url))
        yield url
        asyncio.run(_drop_pg_database(PG_ADMIN_URL, name))
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        url = f"sqlite+aiosqlite:///{path}"
        asyncio.run(_create_schema(url))
        yield url


async def _drop_pg_database(admin_url: str, name: str) -> None:
    engine = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


async def _truncate_all(db: Database) -> None:
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    if names:
        async with db.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
async def database_url(database_template: str, tmp_path: Path) -> str:
    """A URL of an empty database with the whole schema, for this test alone."""
    if ON_POSTGRES:
        database = Database(database_template)
        await _truncate_all(database)
        await database.dispose()
        return database_template
    source = Path(make_url(database_template).database or "")
    target = tmp_path / "test.db"
    shutil.copyfile(source, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    """A headless Chromium driven by Playwright (async API, this test's event loop).

    Without Chromium the test is skipped with the reason printed, unless
    VITRINA_REQUIRE_BROWSER=1 (as in CI), where a missing browser fails.
    """
    path = chromium_path()
    if path is None:
        if os.environ.get("VITRINA_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (VITRINA_REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium not found: apt-get install chromium, or set CHROMIUM_PATH")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            await instance.close()


@pytest.fixture
def statements() -> Iterator[list[tuple[str, bool]]]:
    """Every statement sent to a driver through SQLAlchemy while the test runs, and whether
    it was an executemany."""
    seen: list[tuple[str, bool]] = []

    def record(_conn: Any, _cursor: Any, sql: str, _params: Any, _ctx: Any, many: bool) -> None:
        seen.append((sql, many))

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)
