"""How a sandbox instance is wired: where it sends webhooks and with which secret."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxConfig:
    app_secret: str
    webhook_url: str
    phone_number_id: str
    business_account_id: str
    catalog_id: str
    display_phone_number: str = "79000000000"
    yookassa_notification_url: str | None = None
    yookassa_shop_id: str = "100500"
    yookassa_secret_key: str = "sandbox_secret_key"
    # Meta's default throughput; `POST /control/config` changes it at run time.
    messages_per_second: int = 80
    # The header the Graph fake reads the token from (`Authorization: Bearer …`, or a
    # reseller's header with the bare key).
    graph_auth_header: str = "Authorization"
