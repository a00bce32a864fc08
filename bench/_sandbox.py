"""The sandbox on its own port, as a separate process for the send benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import uvloop
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig

PHONE_ID = "100000000000001"


def sandbox_config() -> SandboxConfig:
    return SandboxConfig(
        app_secret="bench-secret",  # noqa: S106 (a throwaway key of the benchmark)
        webhook_url="http://127.0.0.1:9/webhooks/whatsapp",
        phone_number_id=PHONE_ID,
        business_account_id="200000000000001",
        catalog_id="300000000000001",
        messages_per_second=1000,
    )


def main() -> None:
    port = int(sys.argv[1])
    web.run_app(
        create_sandbox_app(sandbox_config()),
        host="127.0.0.1",
        port=port,
        access_log=None,
        print=None,
        loop=uvloop.new_event_loop(),
    )


if __name__ == "__main__":
    main()
