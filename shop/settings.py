"""Service settings: one pydantic-settings model read from the environment and `.env`."""

from __future__ import annotations

import ipaddress
import re
from datetime import time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# YooKassa's published notification sources (merchant docs, "IP addresses" section).
YOOKASSA_NETWORKS = (
    "185.71.76.0/27,185.71.77.0/27,77.75.153.0/25,77.75.156.11/32,"
    "77.75.156.35/32,77.75.154.128/25,2a02:5180::/32"
)

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PLACEHOLDERS = {"changeme", "change-me", "secret", "token", "xxx", "todo", "your-token-here"}
# Outside sandbox mode these secrets guard the shop: each must be set and at least this long.
# Meta's app secrets are 32 hex characters and YooKassa's keys longer still; the admin token
# and the verify token are the merchant's own (`openssl rand -hex 16` gives 32 characters).
SECRET_MIN_LENGTH = 16
PRODUCTION_SECRETS = (
    "whatsapp_app_secret",
    "whatsapp_verify_token",
    "admin_token",
    "yookassa_secret_key",
)
PRODUCTION_REQUIRED = (*PRODUCTION_SECRETS, "whatsapp_phone_number_id", "yookassa_shop_id")


def _networks_of(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(
        ipaddress.ip_network(p.strip(), strict=False) for p in text.split(",") if p.strip()
    )


def parse_duration(text: str) -> timedelta:
    """`90s`, `15m`, `1h`, `2d` → timedelta; anything else is a ValueError naming the input."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration like 30m, 1h or 2d")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """`21:00-09:00` → (21:00, 09:00); `off` → None."""
    if text.strip().lower() == "off":
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not an interval like 21:00-09:00 (or off)") from exc
    if start == end:
        raise ValueError("quiet hours start and end must differ (use off to disable)")
    return start, end


class Settings(BaseSettings):
    """Every setting of the contract; defaults give a working sandbox on SQLite."""

    # An empty variable (`ADMIN_TOKEN=` in a copied .env) counts as unset, everywhere.
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        env_ignore_empty=True,
    )

    database_url: str = "sqlite+aiosqlite:///./shop.db"
    # SQLite: how long a writer waits for another process's write lock (a CLI command beside
    # `shop serve`) before "database is locked"; writers hold it for milliseconds.
    sqlite_busy_timeout: float = Field(default=30.0, gt=0, le=3600)
    # PostgreSQL: connections each process keeps open (and may add beyond that under load).
    # A deployment needs (web processes + worker processes) × (pool + overflow) + one
    # listener per process, below the server's max_connections (100 by default).
    database_pool_size: int = Field(default=10, ge=1, le=200)
    database_max_overflow: int = Field(default=10, ge=0, le=200)
    # PostgreSQL: a direct connection for LISTEN/NOTIFY wake-ups, when DATABASE_URL goes
    # through PgBouncer in transaction mode (which cannot keep a LISTEN); unset, DATABASE_URL.
    database_listen_url: str | None = None
    public_base_url: str = "http://127.0.0.1:8080"
    # Sandbox mode only: where workers and CLI commands reach the fakes of a running
    # `shop serve`; unset, they use the address `shop serve` records in the database.
    sandbox_url: str | None = None
    admin_token: SecretStr | None = None

    whatsapp_graph_url: str = "https://graph.facebook.com"
    whatsapp_api_version: str = "v23.0"
    # The header that carries WHATSAPP_ACCESS_TOKEN: Meta's `Authorization` (as `Bearer …`),
    # or a reseller's, such as 360dialog's `D360-API-KEY` (the bare key).
    whatsapp_auth_header: str = Field(default="Authorization", pattern=r"^[A-Za-z0-9-]{1,64}$")
    whatsapp_access_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_business_account_id: str | None = None
    whatsapp_catalog_id: str | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_messages_per_second: int = Field(default=80, ge=1, le=1000)
    # Meta tolerates bursts to one shopper of up to 45 in 6 s, then about one per 6 s.
    whatsapp_pair_burst: int = Field(default=20, ge=1, le=45)
    # A claimed send is the sender's for this long (a round's sends start within a second and
    # time out after 10 s); then, if no status echo showed that Meta has it, after the grace
    # below it is sent again. The grace also follows a start-up and a send without an answer.
    whatsapp_send_lease_s: float = Field(default=30.0, ge=1, le=3600)
    whatsapp_echo_grace_s: float = Field(default=30.0, ge=0, le=3600)
    # Webhook bodies larger than this are refused (413) before they are read; Meta's are
    # documented at up to 3 MB.
    webhook_max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=64 * 1024, le=64 * 1024 * 1024)

    yookassa_api_url: str = "https://api.yookassa.ru/v3"
    yookassa_shop_id: str | None = None
    yookassa_secret_key: SecretStr | None = None
    yookassa_trusted_networks: Annotated[
        tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...], NoDecode
    ] = _networks_of(YOOKASSA_NETWORKS)
    trusted_proxies: Annotated[
        tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...], NoDecode
    ] = ()

    # Staff alerts (a chat waiting for a person, a new order) in a Telegram chat; both or none.
    telegram_bot_token: SecretStr | None = None
    telegram_chat_id: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    # Inbound media of the desk's transcripts: where files are kept, and the largest taken
    # (Meta's largest, a document's 100 MB; each kind also has Meta's own smaller cap).
    media_dir: Path = Path("./data/media")
    media_max_bytes: int = Field(default=100 * 1024 * 1024, gt=0)
    # The desk's live feed is woken by every desk change as it commits; it also looks on its
    # own this often, for what nothing announces (a lost wake-up, a delivery tick).
    desk_feed_poll_s: float = Field(default=5.0, gt=0, le=3600)

    shop_timezone: str = "Europe/Moscow"
    # The shop's one currency (ISO 4217): catalog rows priced in another are rejected.
    shop_currency: str = Field(default="RUB", pattern="^[A-Z]{3}$")
    nudge_steps: Annotated[tuple[timedelta, ...], NoDecode] = (
        timedelta(hours=1),
        timedelta(hours=24),
    )
    nudge_template: str = "cart_reminder"
    # An unpaid order's reminder goes this many hours before the order lapses (24 h after
    # checkout); 0 sends none.
    unpaid_reminder_hours: int = Field(default=2, ge=0, le=23)
    quiet_hours: Annotated[tuple[time, time] | None, NoDecode] = (time(21, 0), time(9, 0))
    marketing_cap_30d: int = Field(default=4, ge=0, le=100)

    log_level: str = Field(default="INFO", pattern="^(DEBUG|INFO|WARNING|ERROR|CRITICAL)$")
    log_format: str = Field(default="text", pattern="^(text|json)$")

    @field_validator(
        "admin_token",
        "whatsapp_access_token",
        "whatsapp_phone_number_id",
        "whatsapp_business_account_id",
        "whatsapp_catalog_id",
        "whatsapp_app_secret",
        "whatsapp_verify_token",
        "yookassa_shop_id",
        "yookassa_secret_key",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        """Blanks count as unset too (spaces in .env, an empty value passed in code)."""
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        return None if isinstance(text, str) and not text.strip() else value

    @field_validator("database_listen_url")
    @classmethod
    def _postgresql_listener(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("postgresql+asyncpg://"):
            raise ValueError("must start with postgresql+asyncpg:// (LISTEN needs PostgreSQL)")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with sqlite+aiosqlite:// or postgresql+asyncpg:// "
                f"(got {value.split('://')[0]}://…)"
            )
        return value

    @field_validator("public_base_url", "whatsapp_graph_url", "yookassa_api_url", "sandbox_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_name(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("whatsapp_api_version")
    @classmethod
    def _api_version(cls, value: str) -> str:
        if not re.fullmatch(r"v\d+\.\d+", value):
            raise ValueError("must look like v23.0")
        return value

    @field_validator("yookassa_trusted_networks", "trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return _networks_of(value)
            except ValueError as exc:
                raise ValueError(f"not a list of CIDR networks: {exc}") from exc
        return value

    @field_validator("nudge_steps", mode="before")
    @classmethod
    def _steps(cls, value: Any) -> Any:
        if isinstance(value, str):
            steps = tuple(parse_duration(p) for p in value.split(",") if p.strip())
            if not steps or any(a >= b for a, b in pairwise(steps)):
                raise ValueError("must be a non-empty, increasing list like 1h,24h")
            return steps
        return value

    @field_validator("quiet_hours", mode="before")
    @classmethod
    def _quiet(cls, value: Any) -> Any:
        return parse_quiet_hours(value) if isinstance(value, str) else value

    @field_validator("shop_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _production_needs(self) -> Settings:
        if self.sandbox:
            return self
        missing = [name for name in PRODUCTION_REQUIRED if getattr(self, name) is None]
        if missing:
            names = ", ".join(n.upper() for n in missing)
            raise ValueError(
                f"WHATSAPP_ACCESS_TOKEN is set (production mode), so {names} must be set too"
            )
        for name in ("whatsapp_access_token", *PRODUCTION_SECRETS):
            secret = getattr(self, name)
            if secret is not None and secret.get_secret_value().strip().lower() in _PLACEHOLDERS:
                raise ValueError(f"{name.upper()} still holds a placeholder value")
        for name in PRODUCTION_SECRETS:
            length = len(getattr(self, name).get_secret_value())
            if length < SECRET_MIN_LENGTH:
                raise ValueError(
                    f"{name.upper()} is too short ({length} characters; production mode "
                    f"needs at least {SECRET_MIN_LENGTH})"
                )
        return self

    @property
    def sandbox(self) -> bool:
        """No WhatsApp token means sandbox mode: built-in fakes, never real traffic."""
        return self.whatsapp_access_token is None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.shop_timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class SettingsError(Exception):
    """A configuration problem, already phrased for a one-line message."""


def load_settings(**overrides: Any) -> Settings:
    """Build Settings, turning validation errors into one readable line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]).upper()
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{field}: {message}" if field else message)
    return "configuration error: " + "; ".join(parts)
