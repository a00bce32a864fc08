"""The admin login under attack: wrong tokens are throttled per client, logout revokes the
session on the server, and the admin is never open outside sandbox mode."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from shop.access.throttle import MAX_FAILURES
from shop.clock import FrozenClock
from shop.settings import load_settings
from shop.web.admin import frame
from shop.web.admin import session as sessions
from shop.web.app import create_app
from tests.web.conftest import ADMIN_TOKEN, bearer

PROXY = {"trusted_proxies": "127.0.0.1/32"}  # the test client plays the reverse proxy


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "page carries no CSRF token"
    return match.group(1)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 12, 4, 12, 0, tzinfo=UTC))


@pytest.fixture
async def admin(aiohttp_client: Any, database_url: str, clock: FrozenClock) -> TestClient:
    settings = load_settings(database_url=database_url, admin_token=ADMIN_TOKEN, **PROXY)
    client: TestClient = await aiohttp_client(create_app(settings, run_worker=False, clock=clock))
    return client


async def _try(client: TestClient, token: str, sender: str = "203.0.113.7") -> Any:
    page = await client.get("/admin/login", headers={"X-Forwarded-For": sender})
    return await client.post(
        "/admin/login",
        data={"csrf": _csrf(await page.text()), "token": token, "next": "/admin/catalog"},
        headers={"X-Forwarded-For": sender},
        allow_redirects=False,
    )


async def test_wrong_tokens_are_throttled_per_client_with_retry_after(
    admin: TestClient, clock: FrozenClock
) -> None:
    for _ in range(MAX_FAILURES):
        assert (await _try(admin, "guess")).status == 401
        clock.advance(timedelta(seconds=5))
    refused = await _try(admin, ADMIN_TOKEN)  # even the right token waits: nothing leaks
    assert refused.status == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Слишком много неверных попыток входа" in await refused.text()
    assert refused.headers["Cache-Control"] == "no-store"
    other = await _try(admin, "guess", sender="198.51.100.20")  # another shopper's address
    assert other.status == 401
    clock.advance(timedelta(seconds=int(refused.headers["Retry-After"])))
    assert (await _try(admin, ADMIN_TOKEN)).status == 303


async def test_ipv6_clients_are_counted_per_64_block(admin: TestClient, clock: FrozenClock) -> None:
    for n in range(MAX_FAILURES):
        assert (await _try(admin, "guess", sender=f"2001:db8:1:2::{n + 1:x}")).status == 401
    assert (await _try(admin, "guess", sender="2001:db8:1:2::ffff")).status == 429
    assert (await _try(admin, "guess", sender="2001:db8:1:3::1")).status == 401


async def test_wrong_bearer_tokens_of_the_api_count_too(admin: TestClient) -> None:
    wrong = {**bearer("guess"), "X-Forwarded-For": "203.0.113.9"}
    for _ in range(MAX_FAILURES):
        assert (await admin.get("/api/catalog/products", headers=wrong)).status == 401
    right = {**bearer(), "X-Forwarded-For": "203.0.113.9"}
    refused = await admin.get("/api/catalog/products", headers=right)
    assert refused.status == 429
    assert (await refused.json())["error"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) > 0


async def test_a_cookie_kept_after_logout_opens_nothing(admin: TestClient) -> None:
    assert (await _try(admin, ADMIN_TOKEN)).status == 303
    kept = admin.session.cookie_jar.filter_cookies(admin.make_url("/admin"))[sessions.COOKIE]
    catalog = await admin.get("/admin/catalog")
    assert catalog.status == 200
    out = await admin.post("/admin/logout", data={"csrf": _csrf(await catalog.text())})
    assert out.status == 200  # followed to the login page
    admin.session.cookie_jar.clear()
    replayed = await admin.get(
        "/admin/catalog",
        headers={"Cookie": f"{sessions.COOKIE}={kept.value}"},
        allow_redirects=False,
    )
    assert replayed.status == 303
    assert replayed.headers["Location"].startswith("/admin/login")


async def test_a_signed_cookie_without_a_server_side_session_is_no_login(
    admin: TestClient,
) -> None:
    """The cookies of the version before server-side sessions: signed, but they name none."""
    key = admin.app[frame.SESSION_KEY]
    old = sessions.Session(True, "csrf-token", int(time.time()) + 3600)
    response = await admin.get(
        "/admin/catalog",
        headers={"Cookie": f"{sessions.COOKIE}={sessions.encode(old, key)}"},
        allow_redirects=False,
    )
    assert response.status == 303


async def test_outside_sandbox_mode_the_admin_is_never_open(
    aiohttp_client: Any, database_url: str
) -> None:
    settings = load_settings(
        database_url=database_url,
        whatsapp_access_token="EAAG-a-real-looking-access-token",
        whatsapp_phone_number_id="106540352242922",
        whatsapp_app_secret="0123456789abcdef0123456789abcdef",
        whatsapp_verify_token="a-verify-token-of-my-own",
        admin_token=ADMIN_TOKEN,
        yookassa_shop_id="506751",
        yookassa_secret_key="live_a-long-yookassa-secret-key",
    )
    assert not frame.is_open(settings)
    client: TestClient = await aiohttp_client(create_app(settings, run_worker=False))
    page = await client.get("/admin/catalog", allow_redirects=False)
    assert page.status == 303
    assert (await client.get("/api/catalog/products")).status == 401
    empty = await _try(client, "")
    assert empty.status in (400, 401)
