"""`shop catalog import` as a merchant runs it: a real process, its output and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalog.repository import IMPORTS, PRODUCTS
from shop.storage.db import Database
from tests.catalog.conftest import PAYLOADS
from tests.conftest import ON_POSTGRES

ROOT = Path(__file__).resolve().parents[2]


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
