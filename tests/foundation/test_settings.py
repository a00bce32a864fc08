"""Settings: defaults, parsing of the contract's formats, and readable refusals."""

from __future__ import annotations

import os
from datetime import time, timedelta
from pathlib import Path

import pytest

from shop.settings import SettingsError, load_settings, parse_duration
from tests.foundation.shop_process import shop

PRODUCTION = {
    "WHATSAPP_ACCESS_TOKEN": "EAAG-real-looking-token",
    "WHATSAPP_PHONE_NUMBER_ID": "1065",
    "WHATSAPP_APP_SECRET": "0123456789abcdef0123456789abcdef",
    "WHATSAPP_VERIFY_TOKEN": "verify-me-please-meta",
    "YOOKASSA_SHOP_ID": "506751",
    "YOOKASSA_SECRET_KEY": "live_a-long-yookassa-secret-key",
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(
            ("WHATSAPP_", "YOOKASSA_", "DATABASE_", "ADMIN_", "NUDGE_", "QUIET_", "PUBLIC_")
        ):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_are_a_sandbox_on_sqlite() -> None:
    settings = load_settings()
    assert settings.sandbox
    assert settings.database_url == "sqlite+aiosqlite:///./shop.db"
    assert settings.whatsapp_messages_per_second == 80
    assert settings.nudge_steps == (timedelta(hours=1), timedelta(hours=24))
    assert settings.quiet_hours == (time(21), time(9))
    assert settings.marketing_cap_30d == 4
    assert settings.zone.key == "Europe/Moscow"


def test_contract_formats_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUDGE_STEPS", "30m, 2h,1d")
    monkeypatch.setenv("QUIET_HOURS", "off")
    monkeypatch.setenv("YOOKASSA_TRUSTED_NETWORKS", "127.0.0.1/32, ::1/128")
    settings = load_settings()
    assert settings.nudge_steps == (timedelta(minutes=30), timedelta(hours=2), timedelta(days=1))
    assert settings.quiet_hours is None
    assert [str(n) for n in settings.yookassa_trusted_networks] == ["127.0.0.1/32", "::1/128"]


def test_a_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MARKETING_CAP_30D=2\n", encoding="utf-8")
    assert load_settings().marketing_cap_30d == 2


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("DATABASE_URL", "mysql://x", "DATABASE_URL: must start with sqlite+aiosqlite://"),
        ("NUDGE_STEPS", "24h,1h", "NUDGE_STEPS: must be a non-empty, increasing list"),
        ("NUDGE_STEPS", "soon", "'soon' is not a duration"),
        ("QUIET_HOURS", "late", "QUIET_HOURS: 'late' is not an interval"),
        ("SHOP_TIMEZONE", "Mars/Olympus", "unknown time zone"),
        ("WHATSAPP_MESSAGES_PER_SECOND", "5000", "WHATSAPP_MESSAGES_PER_SECOND"),
        ("YOOKASSA_TRUSTED_NETWORKS", "not-a-net", "not a list of CIDR networks"),
    ],
)
def test_bad_values_give_one_readable_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message


def test_production_mode_requires_admin_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in PRODUCTION.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError, match="ADMIN_TOKEN must be set"):
        load_settings()
    monkeypatch.setenv("ADMIN_TOKEN", "a-long-random-admin-token")
    settings = load_settings()
    assert not settings.sandbox


def test_placeholder_secrets_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in PRODUCTION.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ADMIN_TOKEN", "changeme")
    with pytest.raises(SettingsError, match="ADMIN_TOKEN still holds a placeholder"):
        load_settings()


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_variable_counts_as_unset(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, blank: str
) -> None:
    (tmp_path / ".env").write_text(
        f"ADMIN_TOKEN={blank}\nWHATSAPP_ACCESS_TOKEN={blank}\nDATABASE_URL=\n", encoding="utf-8"
    )
    monkeypatch.setenv("WHATSAPP_APP_SECRET", blank)
    settings = load_settings()
    assert settings.sandbox
    assert settings.admin_token is None
    assert settings.whatsapp_app_secret is None
    assert settings.database_url == "sqlite+aiosqlite:///./shop.db"


@pytest.mark.parametrize(
    "name",
    ["WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "ADMIN_TOKEN", "YOOKASSA_SECRET_KEY"],
)
@pytest.mark.parametrize("value", ["", "  ", "short-secret-15"])
def test_production_refuses_an_empty_or_short_secret_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    for key, good in PRODUCTION.items():
        monkeypatch.setenv(key, good)
    monkeypatch.setenv("ADMIN_TOKEN", "a-long-random-admin-token")
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert name in message
    assert "\n" not in message
    assert ("too short" in message) == bool(value.strip())


def test_production_needs_the_yookassa_shop(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in PRODUCTION.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ADMIN_TOKEN", "a-long-random-admin-token")
    monkeypatch.delenv("YOOKASSA_SHOP_ID")
    with pytest.raises(SettingsError, match="YOOKASSA_SHOP_ID must be set"):
        load_settings()


def test_secrets_do_not_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_TOKEN", "super-secret-admin")
    assert "super-secret-admin" not in repr(load_settings())


def test_parse_duration_units() -> None:
    assert parse_duration("45s") == timedelta(seconds=45)
    assert parse_duration("2d") == timedelta(days=2)
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("1w")


def test_cli_wrong_setting_exits_2_with_one_line(tmp_path: Path) -> None:
    result = shop(tmp_path, "db", "upgrade", DATABASE_URL="oracle://nope")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("shop: configuration error: DATABASE_URL")


def test_repeated_nudge_steps_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUDGE_STEPS", "1h,1h")
    with pytest.raises(SettingsError, match="increasing"):
        load_settings()
