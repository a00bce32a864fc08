"""Sandbox mode: point our clients at the built-in fakes and use well-known test secrets.

The fakes live inside `shop serve`. It records the address it serves on in the database, so
that a worker or a CLI command (`shop catalog sync`, `shop templates sync`, `shop reconcile`)
finds them on whatever port was chosen; `SANDBOX_URL` overrides the record (docker compose,
where the worker reaches the web service by its service name).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from pydantic import SecretStr
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError

from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting

SANDBOX_APP_SECRET = "sandbox-app-secret"
SANDBOX_VERIFY_TOKEN = "sandbox-verify-token"
SANDBOX_PHONE_NUMBER_ID = "100000000000001"
SANDBOX_BUSINESS_ACCOUNT_ID = "200000000000001"
SANDBOX_CATALOG_ID = "300000000000001"
SANDBOX_YOOKASSA_SHOP_ID = "100500"
SANDBOX_YOOKASSA_SECRET = "sandbox_secret_key"
SANDBOX_ACCESS_TOKEN = "sandbox-access-token"  # the fake accepts any bearer


ADDRESS_KEY = "sandbox.public_base_url"  # a merchant_setting row written by `shop serve`
PROBE_SECONDS = 3.0


class SandboxNotFound(Exception):
    """No running sandbox answers; the message says where we looked and what to set."""


@dataclass(frozen=True)
class Credentials:
    """What the service signs, verifies and authenticates with, and the ids it addresses."""

    app_secret: str
    verify_token: str | None
    access_token: str
    phone_number_id: str
    business_account_id: str
    catalog_id: str | None
    yookassa_shop_id: str
    yookassa_secret_key: str


def credentials(settings: Settings) -> Credentials:
    """The configured values; in sandbox mode the built-in fakes' well-known ones stand in
    for those left unset. The one place these fallbacks are applied.

    Outside sandbox mode `Settings` has already refused a missing secret, so the empty
    strings below are never used to sign or verify anything."""

    def secret(value: SecretStr | None) -> str | None:
        return value.get_secret_value() if value is not None else None

    s, sandbox = settings, settings.sandbox
    return Credentials(
        app_secret=secret(s.whatsapp_app_secret) or (SANDBOX_APP_SECRET if sandbox else ""),
        verify_token=secret(s.whatsapp_verify_token) or (SANDBOX_VERIFY_TOKEN if sandbox else None),
        access_token=secret(s.whatsapp_access_token) or SANDBOX_ACCESS_TOKEN,
        phone_number_id=s.whatsapp_phone_number_id or (SANDBOX_PHONE_NUMBER_ID if sandbox else ""),
        business_account_id=s.whatsapp_business_account_id
        or (SANDBOX_BUSINESS_ACCOUNT_ID if sandbox else ""),
        catalog_id=s.whatsapp_catalog_id or (SANDBOX_CATALOG_ID if sandbox else None),
        yookassa_shop_id=s.yookassa_shop_id or SANDBOX_YOOKASSA_SHOP_ID,
        yookassa_secret_key=secret(s.yookassa_secret_key) or SANDBOX_YOOKASSA_SECRET,
    )


def with_sandbox_endpoints(
    settings: Settings, base_url: str, *, public_base_url: str | None = None
) -> Settings:
    """Settings for a sandbox run whose fakes are mounted under `base_url`/sandbox; links to
    shoppers use `public_base_url` (by default the same address)."""
    if not settings.sandbox:
        raise ValueError("sandbox endpoints are only for sandbox mode")
    fields = Settings.model_fields

    def unless_set(name: str, sandboxed: str) -> str:
        """An address the operator set explicitly wins over the built-in fake's."""
        current = str(getattr(settings, name))
        return sandboxed if current == fields[name].default else current

    known = credentials(settings)
    return settings.model_copy(
        update={
            "public_base_url": unless_set("public_base_url", public_base_url or base_url),
            "whatsapp_graph_url": unless_set("whatsapp_graph_url", f"{base_url}/sandbox/graph"),
            "yookassa_api_url": unless_set("yookassa_api_url", f"{base_url}/sandbox/yookassa/v3"),
            "whatsapp_app_secret": SecretStr(known.app_secret),
            "whatsapp_verify_token": SecretStr(known.verify_token or SANDBOX_VERIFY_TOKEN),
            "whatsapp_phone_number_id": known.phone_number_id,
            "whatsapp_business_account_id": known.business_account_id,
            "whatsapp_catalog_id": known.catalog_id,
            "yookassa_shop_id": known.yookassa_shop_id,
            "yookassa_secret_key": SecretStr(known.yookassa_secret_key),
        }
    )


async def record_address(db: Database, public_base_url: str, now: datetime) -> None:
    """`shop serve` in sandbox mode: where it serves, for the worker and the CLI to find."""
    async with db.transaction() as session:
        row = await session.get(MerchantSetting, ADDRESS_KEY)
        if row is None:
            session.add(MerchantSetting(key=ADDRESS_KEY, value=public_base_url, updated_at=now))
        else:
            row.value, row.updated_at = public_base_url, now


async def recorded_address(db: Database) -> str | None:
    try:
        async with db.sessions() as session:
            row = await session.get(MerchantSetting, ADDRESS_KEY)
    except SQLAlchemyError:  # a database that no `shop serve` has migrated yet
        return None
    return row.value if row is not None else None


def _recorded(settings: Settings) -> str | None:
    if settings.is_sqlite:
        path = make_url(settings.database_url).database
        if path and path != ":memory:" and not Path(path).exists():
            return None  # no `shop serve` ran here; do not create the file by looking

    async def read() -> str | None:
        db = Database(settings.database_url)
        try:
            return await recorded_address(db)
        finally:
            await db.dispose()

    return asyncio.run(read())


def sandbox_of_worker(settings: Settings) -> Settings:
    """A `shop worker` in sandbox mode: the fakes of the `shop serve` beside it (which may
    start later, so nothing is checked here)."""
    recorded = _recorded(settings)
    base = settings.sandbox_url or recorded or settings.public_base_url
    return with_sandbox_endpoints(settings, base, public_base_url=recorded)


def running_sandbox(settings: Settings, needs: tuple[str, ...] = ()) -> Settings:
    """A CLI command in sandbox mode: the fakes of the running `shop serve`, checked to answer.

    When every API address the command `needs` (`whatsapp_graph_url`, …) was set by hand, those
    are used as they are. Otherwise an address set by hand wins (SANDBOX_URL, then
    PUBLIC_BASE_URL), then the one `shop serve` recorded; SandboxNotFound names the address
    tried and the setting to set."""
    fields = Settings.model_fields
    if needs and all(getattr(settings, name) != fields[name].default for name in needs):
        return with_sandbox_endpoints(settings, settings.public_base_url)
    recorded = _recorded(settings)
    explicit = settings.public_base_url != fields["public_base_url"].default
    base = settings.sandbox_url or (settings.public_base_url if explicit else None)
    base = base or recorded or settings.public_base_url
    try:
        answer = httpx.get(f"{base}/sandbox/control/config", timeout=PROBE_SECONDS)
        answered = answer.status_code == 200
    except httpx.HTTPError:
        answered = False
    if not answered:
        raise SandboxNotFound(
            f"no sandbox answers at {base}: start `shop serve` (sandbox mode) first, "
            "or set SANDBOX_URL to the address it serves on"
        )
    return with_sandbox_endpoints(settings, base, public_base_url=recorded)
