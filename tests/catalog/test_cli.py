"""`shop catalog import` as a merchant runs it: a real process, its output and exit codes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from catalog.repository import IMPORTS, PRODUCTS
from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from shop.catalog_app.service import SYNC_JOB
from shop.sandbox_mode import SANDBOX_CATALOG_ID
from shop.storage.db import Database
from shop.storage.wakeups import Wakeups
from tests.catalog.conftest import PAYLOADS
from tests.conftest import ON_POSTGRES
from tests.foundation.test_wakeups import eventually

ROOT = Path(__file__).resolve().parents[2]
IMAGES = "https://shop.example/i"


@pytest.fixture
def cli_url(database_url: str, tmp_path: Path) -> str:
    # SQLite is migrated by the command itself, so it gets a file no fixture has touched.
    return database_url if ON_POSTGRES else f"sqlite+aiosqlite:///{tmp_path}/cli.db"


def _shop(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "ADMIN_"))}
    env.update(DATABASE_URL=url, LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "-m", "shop", "catalog", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


async def _count(url: str, table: object = PRODUCTS) -> int:
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]
    finally:
        await db.dispose()


async def test_a_clean_file_exits_0_and_prints_the_counts(cli_url: str) -> None:
    result = _shop(cli_url, "import", str(PAYLOADS / "shopify_export.csv"))
    assert result.returncode == 0, result.stderr
    assert "rows 5, imported 5, rejected 0" in result.stdout
    assert await _count(cli_url) == 5
    assert await _count(cli_url, IMPORTS) == 1


async def test_rejected_rows_exit_1_name_each_row_and_change_nothing(cli_url: str) -> None:
    result = _shop(cli_url, "import", str(PAYLOADS / "spreadsheet_errors_cp1251.csv"))
    assert result.returncode == 1
    assert "строка/row 4, «Цена»" in result.stdout
    assert "Cannot read the price 'сто рублей'" in result.stdout
    assert "Ничего не изменено" in result.stdout
    assert await _count(cli_url) == 0


async def test_import_valid_keeps_the_good_rows_and_still_exits_1(cli_url: str) -> None:
    path = str(PAYLOADS / "spreadsheet_errors_cp1251.csv")
    result = _shop(cli_url, "import", path, "--import-valid")
    assert result.returncode == 1
    assert await _count(cli_url) == 2


async def test_an_unreadable_file_exits_2_with_one_message(cli_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "photo.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = _shop(cli_url, "import", str(junk))
    assert result.returncode == 2
    assert "not a CSV file" in result.stdout
    missing = _shop(cli_url, "import", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2


async def test_dry_run_reports_and_changes_nothing(cli_url: str) -> None:
    result = _shop(cli_url, "import", str(PAYLOADS / "meta_feed.csv"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "dry run, nothing changed: rows 4, imported 4" in result.stdout
    assert await _count(cli_url) == 0


async def _shop_async(url: str, base_url: str, *args: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "ADMIN_"))}
    env.update(DATABASE_URL=url, LOG_LEVEL="WARNING", PUBLIC_BASE_URL=base_url)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "shop",
        "catalog",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    return process.returncode or 0, out.decode(), err.decode()


@pytest.fixture
async def serve_like(aiohttp_server: Any) -> TestServer:
    """The sandbox mounted under /sandbox, as `shop serve` mounts it in sandbox mode."""
    config = SandboxConfig(
        app_secret="s",
        webhook_url="http://127.0.0.1:9/none",
        phone_number_id="1",
        business_account_id="2",
        catalog_id=SANDBOX_CATALOG_ID,
    )
    app = web.Application()
    app.add_subapp("/sandbox", create_sandbox_app(config))
    server: TestServer = await aiohttp_server(app)
    return server


async def test_catalog_sync_pushes_the_imported_catalog_to_the_sandbox(
    cli_url: str, serve_like: TestServer
) -> None:
    base = str(serve_like.make_url("")).rstrip("/")
    code, out, err = await _shop_async(cli_url, base, "import", str(PAYLOADS / "meta_feed.csv"))
    assert code == 0, err
    code, out, err = await _shop_async(cli_url, base, "sync")
    assert code == 0, err
    assert "sent 4 in 1 batches, synced 4" in out
    async with ClientSession() as session:
        listing = await session.get(f"{base}/sandbox/control/catalog/{SANDBOX_CATALOG_ID}")
        items = (await listing.json())["items"]
    assert sorted(i["id"] for i in items) == ["CUP-01", "KETTLE-9", "TEA-100", "TEA-250"]
    async with ClientSession() as session:
        await session.post(
            f"{base}/sandbox/control/catalog/faults", json={"status": 401, "code": 190}
        )
    await _shop_async(cli_url, base, "import", str(PAYLOADS / "spreadsheet_utf8_bom.csv"))
    code, _out, err = await _shop_async(cli_url, base, "sync")
    assert code == 2
    assert "WHATSAPP_ACCESS_TOKEN" in err


def test_the_progress_bar_redraws_one_line() -> None:
    import io

    from shop.catalog_app.cli import TerminalProgress

    stream = io.StringIO()
    bar = TerminalProgress(1000, stream)
    bar(500, 500)
    bar(1200, 1000)
    bar.close()
    text = stream.getvalue()
    assert text.count("\r") == 2
    assert "50%" in text
    assert "100%  1 200 rows" in text
    assert text.endswith("\n")


def _big_csv(path: Path, rows: int) -> Path:
    lines = ["id,title,price,quantity,image_link"]
    lines += [
        f"S{i},Товар {i},{100 + i},{i % 9},https://shop.example/i/{i}.jpg" for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def test_a_dry_run_beside_a_busy_writer_waits_its_turn_and_changes_nothing(
    cli_url: str, tmp_path: Path
) -> None:
    first = _big_csv(tmp_path / "first.csv", 300)
    code, _out, err = await _shop_async(cli_url, "http://127.0.0.1:9", "import", str(first))
    assert code == 0, err
    stop = asyncio.Event()
    db = Database(cli_url)
    writes = 0

    async def writer() -> None:  # another process's shopping turns, committing all along
        nonlocal writes
        while not stop.is_set():
            async with db.connection() as conn:
                await conn.execute(
                    PRODUCTS.update()
                    .where(PRODUCTS.c.retailer_id == "S1")
                    .values(quantity=PRODUCTS.c.quantity + 1)
                )
            writes += 1
            await asyncio.sleep(0.002)

    task = asyncio.create_task(writer())
    try:
        big = _big_csv(tmp_path / "big.csv", 2_000)
        code, out, err = await _shop_async(
            cli_url, "http://127.0.0.1:9", "import", str(big), "--dry-run"
        )
    finally:
        stop.set()
        await task
        await db.dispose()
    assert code == 0, err
    assert "Traceback" not in err
    assert "dry run, nothing changed: rows 2000, imported 2000" in out
    assert writes > 0
    assert await _count(cli_url) == 300


async def test_an_unexpected_failure_is_one_line_and_exit_2_not_a_traceback(
    tmp_path: Path,
) -> None:
    path = _big_csv(tmp_path / "c.csv", 3)
    # Nothing listens on port 9: the database cannot be reached.
    result = _shop("postgresql+asyncpg://nobody@127.0.0.1:9/none", "import", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("shop: catalog import failed")


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite runs one process: its sync's poll takes it")
async def test_an_import_from_the_command_line_wakes_the_sync_of_a_running_server(
    cli_url: str,
) -> None:
    heard: list[str] = []
    server = Wakeups(cli_url, on_wake=heard.append)  # a running `shop serve` listens so
    await server.start()
    try:
        path = str(PAYLOADS / "shopify_export.csv")
        result = await asyncio.to_thread(_shop, cli_url, "import", path)
        assert result.returncode == 0, result.stderr
        await eventually(lambda: heard == [SYNC_JOB])
        assert server.heard == {SYNC_JOB: 1}
    finally:
        await server.close()
