"""`shop templates sync` pulls the templates of a running sandbox-mode service."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.whatsapp.test_kill9 import ROOT, _free_port, _start, _wait_healthy


async def test_templates_sync_command_stores_the_business_account_templates(tmp_path: Path) -> None:
    db_path = tmp_path / "shop.db"
    port = _free_port()
    server = _start(db_path, port, tmp_path / "serve.log", "--no-worker")  # no periodic sync
    try:
        await _wait_healthy(port, server)
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT count(*) FROM wa_template").fetchone()[0] == 0
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("WHATSAPP_ACCESS_TOKEN", None)
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "shop", "templates", "sync"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert "templates synced:" in done.stdout
    with sqlite3.connect(db_path) as conn:
        names = {
            row[0] for row in conn.execute("SELECT name FROM wa_template WHERE status = 'APPROVED'")
        }
    assert "cart_reminder" in names
