"""The merchant API against schemathesis: generated good and bad requests, never a 500, and
every answer as the document declares it.

A real `shop serve` process (sandbox mode, the test's own database) answers schemathesis'
requests, built from `/api/openapi.json`: every declared parameter, bodies of every shape,
wrong types, repeated and missing values. The run is seeded, so CI repeats the same cases.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import httpx

from tests.conftest import ON_POSTGRES
from tests.foundation.test_process import ROOT, free_port

TOKEN = "fuzz-admin-token-0123456789abcdef"
SCHEMATHESIS = Path(sys.executable).with_name("st")


async def _healthy(base: str, proc: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient(timeout=1) as client:
        for _ in range(600):
            assert proc.returncode is None, "the server exited during start-up"
            try:
                if (await client.get(f"{base}/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("the server did not become healthy")


async def test_generated_requests_never_get_a_server_error(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    # SQLite: a new file the server migrates itself; PostgreSQL: the test's own database.
    url = database_url if ON_POSTGRES else f"sqlite+aiosqlite:///{tmp_path / 'fuzz.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "DATABASE_"))}
    env |= {"PYTHONPATH": str(ROOT), "DATABASE_URL": url, "ADMIN_TOKEN": TOKEN}
    log = (tmp_path / "server.log").open("wb")
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "shop", "serve", "--port", str(port),
        cwd=tmp_path, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        await _healthy(base, server)
        fuzz = await asyncio.create_subprocess_exec(
            str(SCHEMATHESIS), "run", f"{base}/api/openapi.json",
            "--header", f"Authorization: Bearer {TOKEN}",
            "--checks", "not_a_server_error,response_schema_conformance",
            "--max-examples", "25", "--seed", "20261204",
            "--request-timeout", "20", "--no-color", "--warnings", "off",
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output, _ = await fuzz.communicate()
    finally:
        if server.returncode is None:
            server.terminate()
        await server.wait()
        log.close()
    report = output.decode(errors="replace")
    assert fuzz.returncode == 0, report[-6000:]
    cases = re.search(r"(\d+) generated", report)
    assert cases is not None, report[-3000:]
    assert int(cases[1]) >= 200, report[-3000:]  # a few hundred cases, not just the document
