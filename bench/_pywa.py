"""The rival: pywa's webhook on FastAPI and uvicorn, the signature checked, a no-op status
handler. Run by `bench/intake.py` with a Python that has pywa, FastAPI and uvicorn
(`--pywa-python`); the project itself does not depend on them."""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI
from pywa_async import WhatsApp, types


def main() -> None:
    port, secret = int(sys.argv[1]), sys.argv[2]
    app = FastAPI()
    wa = WhatsApp(
        phone_id="100000000000001",
        token="bench-access-token",  # noqa: S106 (never sent: nothing calls the Graph API)
        server=app,
        webhook_endpoint="/webhooks/whatsapp",
        verify_token="bench-verify-token",  # noqa: S106
        app_secret=secret,
        validate_updates=True,
    )

    @wa.on_message_status()
    async def on_status(_client: WhatsApp, _status: types.MessageStatus) -> None:
        return None

    @app.get("/healthz")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        loop="uvloop",
        http="httptools",
    )


if __name__ == "__main__":
    main()
