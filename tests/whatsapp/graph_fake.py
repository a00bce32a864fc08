"""The sandbox's Graph fake as a process of its own: it outlives a service killed mid-send.

`python -m tests.whatsapp.graph_fake PORT WEBHOOK_URL APP_SECRET`
"""

from __future__ import annotations

import sys

from aiohttp import web

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig

PHONE_ID = "100000000000001"
WABA_ID = "200000000000001"


def main() -> None:
    port, webhook_url, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    config = SandboxConfig(
        app_secret=secret,
        webhook_url=webhook_url,
        phone_number_id=PHONE_ID,
        business_account_id=WABA_ID,
        catalog_id="300000000000001",
    )
    web.run_app(
        create_sandbox_app(config), host="127.0.0.1", port=port, access_log=None, print=None
    )


if __name__ == "__main__":
    main()
