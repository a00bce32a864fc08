"""The merchant frame: auth for `/api/*` and `/admin/*`, CSRF, templates and navigation.

Later merchant pages add a link with `add_nav(app, …)` and render with `render(…)`, which
puts the SANDBOX banner, the CSRF token and the navigation into every page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import jinja2
from aiohttp import web

from shop.settings import Settings
from shop.web.admin import session as sessions
from shop.web.admin.session import Session
from shop.web.api.uploads import Upload, UploadError, receive_upload
from shop.web.keys import SETTINGS

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SESSION_KEY = web.AppKey("admin_session_key", bytes)
NAV = web.AppKey("admin_nav", list[tuple[str, str]])
SESSION = web.RequestKey("admin_session", Session)
OPEN_PATHS = frozenset({"/admin/login"})
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
}


def admin_token(settings: Settings) -> str | None:
    token = settings.admin_token
    return token.get_secret_value() if token else None


def is_open(settings: Settings) -> bool:
    """Sandbox without ADMIN_TOKEN: pages and API are open (and the banner says so)."""
    return settings.sandbox and settings.admin_token is None


def session_of(request: web.Request) -> Session:
    return request[SESSION]


def _unauthorized() -> web.Response:
    return web.json_response(
        {"error": "unauthorized", "message": "send Authorization: Bearer <ADMIN_TOKEN>"},
        status=401,
        headers={"WWW-Authenticate": 'Bearer realm="vitrina"'},
    )


def _bearer_ok(request: web.Request, settings: Settings) -> bool:
    if is_open(settings):
        return True
    token = admin_token(settings)
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return token is not None and scheme.lower() == "bearer" and sessions.tokens_match(given, token)


@web.middleware
async def merchant_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    path = request.path
    settings = request.app[SETTINGS]
    if path == "/api" or path.startswith("/api/"):
        return await handler(request) if _bearer_ok(request, settings) else _unauthorized()
    if not (path == "/admin" or path.startswith("/admin/")):
        return await handler(request)
    key = request.app[SESSION_KEY]
    current = sessions.decode(request.cookies.get(sessions.COOKIE), key)
    fresh = current is None
    if current is None or (is_open(settings) and not current.authenticated):
        current = Session.new(authenticated=is_open(settings))
        fresh = True
    request[SESSION] = current
    if not current.authenticated and path not in OPEN_PATHS:
        raise web.HTTPSeeOther(f"/admin/login?next={quote(request.path_qs, safe='')}")
    response = await handler(request)
    if fresh:
        set_session(response, current, request)
    response.headers.update(SECURITY_HEADERS)
    return response


def set_session(response: web.StreamResponse, current: Session, request: web.Request) -> None:
    response.set_cookie(
        sessions.COOKIE,
        sessions.encode(current, request.app[SESSION_KEY]),
        max_age=sessions.LIFETIME_SECONDS,
        path="/admin",
        httponly=True,
        samesite="Strict",
        secure=request.app[SETTINGS].public_base_url.startswith("https://"),
    )


async def check_csrf(request: web.Request, given: str | None = None) -> None:
    """Every state-changing form carries the session's CSRF token (header or form field)."""
    if given is None:
        given = request.headers.get("X-CSRF-Token")
    if given is None and request.content_type == "application/x-www-form-urlencoded":
        given = str((await request.post()).get("csrf", ""))
    if not sessions.tokens_match(given, session_of(request).csrf):
        raise web.HTTPForbidden(text="CSRF token missing or wrong; reload the page")


async def receive_form_upload(request: web.Request) -> Upload:
    """A file posted from an admin page's form: its CSRF field is checked before the file is
    read, and an unusable upload is a 400 with the reason for the merchant."""

    async def csrf_first(fields: dict[str, str]) -> None:
        await check_csrf(request, fields.get("csrf"))

    try:
        return await receive_upload(request, check_fields=csrf_first)
    except UploadError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None


def add_nav(app: web.Application, title: str, path: str) -> None:
    app[NAV].append((title, path))


def render(
    template: str, request: web.Request, context: dict[str, Any], *, status: int = 200
) -> web.Response:
    settings = request.app[SETTINGS]
    base = {
        "sandbox": settings.sandbox,
        "open_mode": is_open(settings),
        "csrf": session_of(request).csrf,
        "nav": request.app[NAV],
        "path": request.path,
        "signed_in": session_of(request).authenticated and not is_open(settings),
    }
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)


def setup_frame(app: web.Application) -> None:
    settings = app[SETTINGS]
    app[SESSION_KEY] = sessions.signing_key(admin_token(settings))
    app[NAV] = []
    if aiohttp_jinja2.APP_KEY not in app:
        aiohttp_jinja2.setup(
            app,
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=jinja2.select_autoescape(["html"]),
        )
    app.middlewares.append(merchant_auth)
