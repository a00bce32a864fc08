"""The `shop` command as a person runs it: a busy port, a sandbox on another port, and each
command printing its own result rather than framework logs."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from shop.sandbox_mode import record_address, sandbox_of_worker
from shop.settings import load_settings
from shop.storage.db import Database
from tests.foundation.shop_process import ROOT, free_port, shop, shop_env

CATALOG = ROOT / "tests" / "payloads" / "catalog" / "meta_feed.csv"


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[str]:
    """`shop serve` on a port that is not 8080, once it has said it serves."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "shop", "serve", "--port", str(port), "--no-worker"],
        cwd=tmp_path,
        env=shop_env(),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if "serving on" in line:
                break
        assert proc.poll() is None, "".join(seen)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        proc.stderr.close()


def test_a_busy_port_is_one_line_and_exit_2(tmp_path: Path, busy_port: int) -> None:
    result = shop(tmp_path, "serve", "--port", str(busy_port))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"shop: cannot listen on 127.0.0.1:{busy_port}: the port is in use "
        "(another `shop serve`?); choose another with --port"
    ]
    assert not (tmp_path / "shop.db").exists()  # bound first: nothing else was started


def test_serving_on_is_said_once_the_server_answers(sandbox: str) -> None:
    # No retries: the announcement comes after the bind and the start-up.
    assert httpx.get(f"{sandbox}/healthz", timeout=30).status_code == 200


def test_cli_commands_find_the_sandbox_on_the_port_it_runs_on(sandbox: str, tmp_path: Path) -> None:
    templates = shop(tmp_path, "templates", "sync")
    assert templates.returncode == 0, templates.stderr
    assert templates.stdout.startswith("templates synced: ")
    catalog = shop(tmp_path, "catalog", "sync")
    assert catalog.returncode == 0, catalog.stderr
    assert catalog.stdout.startswith("catalog sync: sent 0")
    report = shop(tmp_path, "reconcile", "--since", "2026-01-01", "--format", "json")
    assert report.returncode == 0, report.stderr
    assert report.stdout.lstrip().startswith("{")
    today = datetime.now(ZoneInfo("Europe/Moscow")).date().isoformat()
    assert json.loads(report.stdout)["period"] == {"since": "2026-01-01", "until": today}
    sheet = shop(tmp_path, "reconcile", "--since", today, "--lang", "en")
    assert sheet.returncode == 0, sheet.stderr
    assert sheet.stdout.startswith("\ufeffRecord;Id;Order id;")
    assert templates.stderr == catalog.stderr == report.stderr == sheet.stderr == ""


def test_without_a_running_sandbox_the_cli_says_what_to_set(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    result = shop(tmp_path, "templates", "sync", SANDBOX_URL=f"http://127.0.0.1:{port}")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"shop: no sandbox answers at http://127.0.0.1:{port}: start `shop serve` "
        "(sandbox mode) first, or set SANDBOX_URL to the address it serves on"
    ]
    assert not (tmp_path / "shop.db").exists()


def test_one_shot_commands_print_their_result_not_migration_logs(tmp_path: Path) -> None:
    upgrade = shop(tmp_path, "db", "upgrade")
    assert upgrade.returncode == 0
    assert upgrade.stdout == "database is at the latest revision\n"
    assert upgrade.stderr == ""
    fresh = tmp_path / "fresh"  # the import migrates a new database too, silently
    fresh.mkdir()
    imported = shop(fresh, "catalog", "import", "--dry-run", str(CATALOG))
    assert imported.returncode == 0, imported.stderr
    assert "alembic" not in imported.stdout + imported.stderr
    assert imported.stdout.splitlines()[0] == "meta_feed.csv: meta"


@pytest.mark.parametrize(("flag", "env"), [("--verbose", {}), ("", {"LOG_LEVEL": "debug"})])
def test_framework_logs_come_with_verbose_or_debug(
    tmp_path: Path, flag: str, env: dict[str, str]
) -> None:
    result = shop(tmp_path, "db", "upgrade", *([flag] if flag else []), **env)
    assert result.returncode == 0
    assert "alembic.runtime.migration" in result.stderr


def test_make_run_takes_port_and_host() -> None:
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8081", "HOST=0.0.0.0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert dry.stdout.strip().splitlines()[-1].endswith("shop serve --host 0.0.0.0 --port 8081")


async def test_a_sandbox_worker_finds_the_fakes_where_serve_recorded_them(
    db: Database, database_url: str
) -> None:
    await record_address(db, "http://127.0.0.1:8123", datetime.now(UTC))
    local = load_settings(database_url=database_url)
    found = await asyncio.to_thread(sandbox_of_worker, local)
    assert found.whatsapp_graph_url == "http://127.0.0.1:8123/sandbox/graph"
    assert found.public_base_url == "http://127.0.0.1:8123"
    # docker compose: the fakes by the web service's name, the links as the browser sees them
    compose = load_settings(database_url=database_url, sandbox_url="http://web:8080")
    found = await asyncio.to_thread(sandbox_of_worker, compose)
    assert found.yookassa_api_url == "http://web:8080/sandbox/yookassa/v3"
    assert found.public_base_url == "http://127.0.0.1:8123"
