"""The merchant frame: auth for `/api/*` and `/admin/*`, roles, CSRF, templates and navigation.

A page declares its link with `nav=` and its roles with `allow=` (shop/web/admin/routes.py);
the middleware finds who holds the session (the ADMIN_TOKEN holder is the owner) and refuses
a page the role may not open with a 403 that says why. `render(…)` puts the SANDBOX banner,
the CSRF token and the navigation (the links the role may open) into every page. Templates
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

from shop.access.roles import OWNER, Roles
from shop.access.staff import BOOTSTRAP, Actor, actor_of
from shop.access.throttle import LoginThrottle, client_key
from shop.settings import Settings
from shop.texts import t
from shop.texts.html import TEMPLATE_FILTERS, TEMPLATE_GLOBALS
from shop.web.admin import bearer, show
from shop.web.admin import session as sessions
from shop.web.admin.session import Session
from shop.web.keys import SERVICES, SETTINGS
from shop.web.uploads import Upload, UploadError, receive_upload
from webhooks.yookassa import client_address

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SESSION_KEY = web.AppKey("admin_session_key", bytes)
NAV = web.AppKey("admin_nav", list[tuple[str, str]])
NAV_ALLOWED = web.AppKey("admin_nav_allowed", dict[str, Roles])
ALLOWED = web.AppKey("admin_allowed", dict[tuple[str, str], Roles])
SESSION = web.RequestKey("admin_session", Session)
ACTOR = web.RequestKey("admin_actor", Actor)
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


def actor(request: web.Request) -> Actor:
    """Who is signed in (the owner in the open sandbox); the audit log's `actor` is its name."""
    return request[ACTOR]


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


async def _api(request: web.Request, handler: Handler, settings: Settings) -> web.StreamResponse:
    """Bearer auth of /api (ADMIN_TOKEN or a person's token) and the route's roles; wrong
    tokens count against the sender like wrong logins."""
    if is_open(settings):
        request[ACTOR] = BOOTSTRAP
        return await handler(request)
    wait = too_many_attempts(request)
    if wait:
        return bearer.too_many(wait)
    header = request.headers.get("Authorization", "")
    services = request.app[SERVICES]
    who = await bearer.bearer_holder(
        services.db, admin_token(settings), header, services.clock.now()
    )
    if who is None:
        if header:
            attempt_failed(request)
        return bearer.unauthorized()
    request[ACTOR] = who
    route = request.match_info.route
    if (
        request.match_info.http_exception is None
        and route.resource is not None
        and not may(request, route.method, route.resource.canonical)
    ):
        return bearer.forbidden(who)
    return await handler(request)


async def _signed_in(request: web.Request, current: Session | None) -> Actor | None:
    """Who holds the cookie's session while it is alive (not logged out, the account not
    disabled); None for no one."""
    if current is None or not current.authenticated or current.sid is None:
        return None
    services = request.app[SERVICES]
    return await actor_of(services.db, current.sid, services.clock.now())


def may(request: web.Request, method: str, path: str) -> bool:
    """Whether the signed-in role may use the route `path` (as declared, `{id}` and all)."""
    roles = request.app[ALLOWED].get((method, path), OWNER)
    return ACTOR in request and request[ACTOR].role in roles


def _forbidden(request: web.Request) -> web.Response:
    role = t(f"staff.role.{request[ACTOR].role}")
    return render("forbidden.html", request, {"role": role}, status=403)


@web.middleware
async def merchant_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    path = request.path
    settings = request.app[SETTINGS]
    if path == "/api" or path.startswith("/api/"):
        return await _api(request, handler, settings)
    if not (path == "/admin" or path.startswith("/admin/")):
        return await handler(request)
    key = request.app[SESSION_KEY]
    current = sessions.decode(request.cookies.get(sessions.COOKIE), key)
    who = BOOTSTRAP if is_open(settings) else await _signed_in(request, current)
    fresh = current is None or (who is None and current.authenticated)
    if current is None or fresh or (is_open(settings) and not current.authenticated):
        current = Session.new(authenticated=is_open(settings))
        fresh = True
    request[SESSION] = current
    if who is not None:
        request[ACTOR] = who
    if who is None and path not in OPEN_PATHS:
        raise web.HTTPSeeOther(f"/admin/login?next={quote(request.path_qs, safe='')}")
    route = request.match_info.route
    if (
        who is not None
        and request.match_info.http_exception is None
        and route.resource is not None
        and not may(request, route.method, route.resource.canonical)
    ):
        response: web.StreamResponse = _forbidden(request)
    else:
        response = await handler(request)
    if fresh:
        set_session(response, current, request)
    for name, value in SECURITY_HEADERS.items():  # a page may narrow its own (the desk's script)
        response.headers.setdefault(name, value)
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


def add_nav(app: web.Application, title: str, path: str, roles: Roles = OWNER) -> None:
    """A link in the header of every page of the `roles`; `title` is the key of its text in
    the catalogue."""
    app[NAV].append((title, path))
    app[NAV_ALLOWED][path] = roles


def allow(app: web.Application, method: str, path: str, roles: Roles) -> None:
    """The roles that may use a route; a route declared without is the owner's alone."""
    app[ALLOWED][(method, path)] = roles


def render(
    template: str, request: web.Request, context: dict[str, Any], *, status: int = 200
) -> web.Response:
    settings = request.app[SETTINGS]
    base = {
        "sandbox": settings.sandbox,
        "open_mode": is_open(settings),
        "csrf": session_of(request).csrf,
        "nav": [(title, href) for title, href in request.app[NAV] if _shown(request, href)],
        "path": request.path,
        "signed_in": session_of(request).authenticated and not is_open(settings),
        "actor": request.get(ACTOR),
        "bootstrap": BOOTSTRAP.name,  # the ADMIN_TOKEN holder, worded as the audit log words it
        "may": partial(may, request),
    }
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)


def _shown(request: web.Request, href: str) -> bool:
    roles = request.app[NAV_ALLOWED].get(href, OWNER)
    return ACTOR in request and request[ACTOR].role in roles


def setup_frame(app: web.Application) -> None:
    settings = app[SETTINGS]
    app[SESSION_KEY] = sessions.signing_key(admin_token(settings))
    app[NAV] = []
    app[NAV_ALLOWED] = {}
    app[ALLOWED] = {}
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
    env.filters["phone"] = show.phone  # every page writes a number as the orders list does
    app.middlewares.append(merchant_auth)


def local_time(moment: datetime | None, zone: tzinfo) -> str:
    """A stored (UTC) moment as the merchant reads it: `04.12.2026 18:37` in the shop's zone."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M")
