"""Running the `shop` command as a person would: a fresh process, settings only from the
environment given and the `.env` of its working directory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTING_PREFIXES = ("WHATSAPP_", "YOOKASSA_", "DATABASE_", "ADMIN_", "PUBLIC_", "SANDBOX_", "LOG_")


def shop_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTING_PREFIXES)}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def shop(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shop", *args],
        cwd=cwd,
        env=shop_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
