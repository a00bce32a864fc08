"""The merchant frame: bearer auth on /api, login with a signed cookie, CSRF, OpenAPI, banner."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient

from tests.web.conftest import ADMIN_TOKEN, bearer


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "page carries no CSRF token"
    return match.group(1)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {ADMIN_TOKEN}"}],
)
async def test_the_api_answers_401_json_without_the_right_bearer(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = await client.get("/api/catalog/products", headers=headers)
    assert response.status == 401
    assert (await response.json())["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_the_api_answers_with_the_right_bearer(client: TestClient) -> None:
    response = await client.get("/api/catalog/products", headers=bearer())
    assert response.status == 200
    assert (await response.json())["counts"]["total"] == 0


async def test_openapi_document_lists_the_registered_routes(client: TestClient) -> None:
    assert (await client.get("/api/openapi.json")).status == 401
    document = await (await client.get("/api/openapi.json", headers=bearer())).json()
    assert document["openapi"].startswith("3.1")
    assert "post" in document["paths"]["/api/catalog/imports"]
    assert "get" in document["paths"]["/api/catalog/products"]
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    operation = document["paths"]["/api/catalog/imports/{import_id}"]["get"]
    assert operation["parameters"][0]["name"] == "import_id"


async def test_admin_pages_redirect_to_login_without_a_session(client: TestClient) -> None:
    response = await client.get("/admin/catalog", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"].startswith("/admin/login?next=")


async def test_login_sets_a_signed_httponly_strict_cookie_and_logout_ends_it(
    client: TestClient,
) -> None:
    page = await client.get("/admin/login")
    csrf = _csrf(await page.text())
    wrong = await client.post(
        "/admin/login", data={"csrf": csrf, "token": "nope", "next": "/admin"}
    )
    assert wrong.status == 401
    response = await client.post(
        "/admin/login",
        data={"csrf": csrf, "token": ADMIN_TOKEN, "next": "/admin/catalog"},
        allow_redirects=False,
    )
    assert response.status == 303
    assert response.headers["Location"] == "/admin/catalog"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert ADMIN_TOKEN not in cookie
    catalog = await client.get("/admin/catalog")
    assert catalog.status == 200
    assert "Каталог" in await catalog.text()
    logout_csrf = _csrf(await catalog.text())
    out = await client.post("/admin/logout", data={"csrf": logout_csrf}, allow_redirects=False)
    assert out.status == 303
    client.session.cookie_jar.clear()
    again = await client.get("/admin/catalog", allow_redirects=False)
    assert again.status == 303


async def test_login_refuses_a_missing_csrf_token(client: TestClient) -> None:
    await client.get("/admin/login")
    response = await client.post("/admin/login", data={"token": ADMIN_TOKEN})
    assert response.status == 403


async def test_a_forged_cookie_is_not_a_session(client: TestClient) -> None:
    client.session.cookie_jar.update_cookies({"vitrina_session": "eyJhIjp0cnVlfQ.forged"})
    response = await client.get("/admin/catalog", allow_redirects=False)
    assert response.status == 303


async def test_login_never_redirects_off_site(client: TestClient) -> None:
    page = await client.get("/admin/login")
    response = await client.post(
        "/admin/login",
        data={"csrf": _csrf(await page.text()), "token": ADMIN_TOKEN, "next": "//evil.example/"},
        allow_redirects=False,
    )
    assert response.headers["Location"] == "/admin"


async def test_every_page_shows_the_sandbox_banner(client: TestClient) -> None:
    html = await (await client.get("/admin/login")).text()
    assert 'id="sandbox-banner"' in html
    assert "SANDBOX" in html
    assert "<script" not in html
    assert "http://" not in html.split("<body>")[0]  # no external resources in <head>


async def test_open_sandbox_needs_no_login_and_says_so(open_client: TestClient) -> None:
    page = await open_client.get("/admin/catalog")
    assert page.status == 200
    assert "ADMIN_TOKEN не задан" in await page.text()
    assert (await open_client.get("/api/catalog/products")).status == 200


async def test_state_changing_admin_forms_need_the_csrf_token(open_client: TestClient) -> None:
    page = await open_client.get("/admin/catalog")
    refused = await open_client.post("/admin/catalog/sync", data={"csrf": "wrong"})
    assert refused.status == 403
    accepted = await open_client.post(
        "/admin/catalog/sync", data={"csrf": _csrf(await page.text())}, allow_redirects=False
    )
    assert accepted.status == 303
