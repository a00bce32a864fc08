"""The merchant frame: auth for `/api/*` and `/admin/*`, CSRF, templates and navigation.

A page declares its link with `nav=` (shop/web/admin/routes.py) and renders with `render(…)`,
which puts the SANDBOX banner, the CSRF token and the navigation into every page. Templates
take their words from the text catalogue: `t(key)`, `label(prefix, code)` (shop/texts/html.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import jinja2
from aiohttp import web

from shop.access.sessions import subject_of
from shop.access.throttle import LoginThrottle, client_key
from shop.settings import Settings
from shop.texts.html import TEMPLATE_FILTERS, TEMPLATE_GLOBALS
from shop.web.admin import session as sessions
from shop.web.admin.session import Session
from shop.web.keys import SERVICES, SETTINGS
from shop.web.uploads import Upload, UploadError, receive_upload
from webhooks.yookassa import client_address

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SESSION_KEY = web.AppKey("admin_session_key", bytes)
NAV = web.AppKey("admin_nav", list[tuple[str, str]])
SESSION = web.RequestKey("admin_session", Session)
THROTTLE = web.AppKey("admin_login_throttle", LoginThrottle)
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


def client_of(request: web.Request) -> str:
    """The throttle's key for the sender: behind TRUSTED_PROXIES, the forwarded address."""
    address = client_address(
        request.remote,
        request.headers.getall("X-Forwarded-For", None),
        request.app[SETTINGS].trusted_proxies,
    )
    return client_key(address)


def too_many_attempts(request: web.Request) -> int:
    """Seconds the sender must wait after too many wrong tokens; 0 when it may try."""
    return request.app[THROTTLE].retry_after(client_of(request), request.app[SERVICES].clock.now())


def attempt_failed(request: web.Request) -> None:
    request.app[THROTTLE].failed(client_of(request), request.app[SERVICES].clock.now())


def _unauthorized() -> web.Response:
    return web.json_response(
        {"error": "unauthorized", "message": "send Authorization: Bearer <ADMIN_TOKEN>"},
        status=401,
        headers={"WWW-Authenticate": 'Bearer realm="vitrina"'},
    )


def _too_many(wait: int) -> web.Response:
    return web.json_response(
        {"error": "too_many_attempts", "message": f"too many wrong tokens; retry in {wait} s"},
        status=429,
        headers={"Retry-After": str(wait)},
    )


async def _api(request: web.Request, handler: Handler, settings: Settings) -> web.StreamResponse:
    """Bearer auth of /api; wrong tokens count against the sender like wrong logins."""
    if is_open(settings):
        return await handler(request)
    wait = too_many_attempts(request)
    if wait:
        return _too_many(wait)
    token = admin_token(settings)
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if token is not None and scheme.lower() == "bearer" and sessions.tokens_match(given, token):
        return await handler(request)
    if header:
        attempt_failed(request)
    return _unauthorized()


async def _signed_in(request: web.Request, current: Session | None) -> Session | None:
    """The cookie's session if its server-side session is still alive (not logged out)."""
    if current is None or not current.authenticated or is_open(request.app[SETTINGS]):
        return current
    services = request.app[SERVICES]
    alive = current.sid is not None and await subject_of(
        services.db, current.sid, services.clock.now()
    )
    return current if alive else None


@web.middleware
async def merchant_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    path = request.path
    settings = request.app[SETTINGS]
    if path == "/api" or path.startswith("/api/"):
        return await _api(request, handler, settings)
    if not (path == "/admin" or path.startswith("/admin/")):
        return await handler(request)
    key = request.app[SESSION_KEY]
    current = await _signed_in(request, sessions.decode(request.cookies.get(sessions.COOKIE), key))
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
    """A link in every page's header; `title` is the key of its text in the catalogue."""
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
    app[THROTTLE] = LoginThrottle()
    if aiohttp_jinja2.APP_KEY not in app:
        aiohttp_jinja2.setup(
            app,
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=jinja2.select_autoescape(["html"]),
        )
    env = aiohttp_jinja2.get_env(app)
    env.globals.update(TEMPLATE_GLOBALS)
    env.filters.update(TEMPLATE_FILTERS)
    env.filters["local"] = partial(local_time, zone=settings.zone)
    app.middlewares.append(merchant_auth)


def local_time(moment: datetime | None, zone: tzinfo) -> str:
    """A stored (UTC) moment as the merchant reads it: `04.12.2026 18:37` in the shop's zone."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M")
