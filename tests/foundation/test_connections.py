"""A process's PostgreSQL connections come from its settings: the pool's size and overflow,
and the listener's own address (a direct one when DATABASE_URL goes through PgBouncer)."""

from __future__ import annotations

import pytest
from sqlalchemy import make_url, text

from shop.compose import open_services
from tests.conftest import ON_POSTGRES
from tests.whatsapp.rig import settings_for

postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="the pool and LISTEN are PostgreSQL's")


@postgres_only
async def test_the_pool_size_and_overflow_are_the_settings(database_url: str) -> None:
    settings = settings_for(
        database_url, "http://127.0.0.1:9", database_pool_size=3, database_max_overflow=2
    )
    async with open_services(settings, run_worker=False) as services:
        pool = services.db.engine.pool
        assert pool.size() == 3  # type: ignore[attr-defined]
        assert pool._max_overflow == 2  # type: ignore[attr-defined]


@postgres_only
async def test_the_listener_connects_to_database_listen_url(database_url: str) -> None:
    listen_url = (
        make_url(database_url)
        .update_query_dict({"application_name": "vitrina-listener-test"})
        .render_as_string(hide_password=False)
    )
    settings = settings_for(database_url, "http://127.0.0.1:9", database_listen_url=listen_url)
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE application_name = 'vitrina-listener-test' AND query LIKE 'LISTEN%'"
    )
    async with (
        open_services(settings, run_worker=True) as services,
        services.db.engine.connect() as conn,
    ):
        listening = await conn.scalar(query)
    assert listening == 1
