""".env.example copied as a person would: the announced sandbox or a one-line refusal, never a
half-production service, and never a webhook accepted under an empty signing key."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from shop.settings import SettingsError, load_settings
from shop.web.app import create_app
from tests.foundation.shop_process import ROOT, shop
from webhooks.intake import sign

EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
FILLED = {
    "WHATSAPP_ACCESS_TOKEN": "EAAG-a-real-looking-access-token",
    "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
    "WHATSAPP_APP_SECRET": "0123456789abcdef0123456789abcdef",
    "WHATSAPP_VERIFY_TOKEN": "a-verify-token-of-my-own",
    "ADMIN_TOKEN": "a-long-random-admin-token",
    "YOOKASSA_SHOP_ID": "506751",
    "YOOKASSA_SECRET_KEY": "live_a-long-yookassa-secret-key",
}
# What people do with the example: nothing, only the token, everything but one value.
COPIES = {
    "unchanged": {},
    "only the access token": {"WHATSAPP_ACCESS_TOKEN": FILLED["WHATSAPP_ACCESS_TOKEN"]},
    "all but the app secret": {k: v for k, v in FILLED.items() if k != "WHATSAPP_APP_SECRET"},
    "all but the admin token": {k: v for k, v in FILLED.items() if k != "ADMIN_TOKEN"},
    "a short app secret": {**FILLED, "WHATSAPP_APP_SECRET": "abc123"},
}
ENVELOPE = json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()


def copy_of_example(directory: Path, values: dict[str, str]) -> None:
    lines = []
    for line in EXAMPLE.splitlines():
        name = line.partition("=")[0]
        lines.append(f"{name}={values[name]}" if name in values and "=" in line else line)
    assert all(f"\n{name}=" in f"\n{EXAMPLE}" for name in values), "the example lost a line"
    (directory / ".env").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def in_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.startswith(("WHATSAPP_", "YOOKASSA_", "ADMIN_", "PUBLIC_", "TRUSTED_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_example_unchanged_is_an_open_sandbox(in_copy: Path) -> None:
    copy_of_example(in_copy, {})
    settings = load_settings()
    assert settings.sandbox
    assert settings.admin_token is None
    assert settings.whatsapp_app_secret is None
    assert settings.public_base_url == "http://127.0.0.1:8080"


@pytest.mark.parametrize("copy", list(COPIES))
async def test_no_copy_of_the_example_accepts_a_webhook_signed_with_an_empty_key(
    in_copy: Path, copy: str, aiohttp_client: Any, database_url: str
) -> None:
    copy_of_example(in_copy, COPIES[copy])
    try:
        settings = load_settings(database_url=database_url)
    except SettingsError:
        return  # a refusal is safe; its wording is checked below
    assert settings.sandbox, "production mode must not start from an incomplete copy"
    client: TestClient = await aiohttp_client(create_app(settings, run_worker=False))
    forged = await client.post(
        "/webhooks/whatsapp",
        data=ENVELOPE,
        headers={"X-Hub-Signature-256": sign(b"", ENVELOPE), "Content-Type": "application/json"},
    )
    assert forged.status == 401


@pytest.mark.parametrize(
    ("copy", "named"),
    [
        ("only the access token", "WHATSAPP_APP_SECRET"),
        ("all but the app secret", "WHATSAPP_APP_SECRET"),
        ("all but the admin token", "ADMIN_TOKEN"),
        ("a short app secret", "WHATSAPP_APP_SECRET"),
    ],
)
def test_serve_from_an_incomplete_copy_stops_with_one_line_and_exit_2(
    in_copy: Path, copy: str, named: str
) -> None:
    copy_of_example(in_copy, COPIES[copy])
    result = shop(in_copy, "serve", "--port", "0")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("shop: configuration error:")
    assert named in lines[0]
    assert not (in_copy / "shop.db").exists()  # refused before anything was touched
