"""`/admin/login` and `/admin/logout`: the admin token in, a session (row and cookie) out.

Wrong tokens are throttled per client address (`shop.access.throttle`); logout deletes the
server-side session, so the cookie is worthless afterwards even if someone kept a copy.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from aiohttp import web

from shop.access.sessions import ADMIN, open_session, revoke
from shop.web.admin import frame
from shop.web.admin import session as sessions
from shop.web.admin.routes import PageRoutes
from shop.web.admin.session import Session
from shop.web.keys import SERVICES, SETTINGS

log = logging.getLogger(__name__)
pages = PageRoutes()


def _safe_next(value: str) -> str:
    # Only our own pages: never an absolute or protocol-relative URL.
    if value.startswith("/admin") and not value.startswith("//"):
        return value
    return "/admin"


@pages.get("/admin/login")
async def login_page(request: web.Request) -> web.Response:
    context = {"next": _safe_next(request.query.get("next", "/admin")), "failed": False}
    return frame.render("login.html", request, context)


@pages.post("/admin/login")
async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    target = _safe_next(str(form.get("next", "/admin")))
    wait = frame.too_many_attempts(request)
    if wait:  # refused before the token is even compared: a guesser learns nothing
        page = frame.render("login.html", request, {"next": target, "throttled": True}, status=429)
        page.headers["Retry-After"] = str(wait)
        return page
    token = frame.admin_token(request.app[SETTINGS])
    given = str(form.get("token", ""))
    if token is None or not given or not sessions.tokens_match(given, token):
        frame.attempt_failed(request)
        log.warning("admin login refused", extra={"reason": "wrong_token"})
        return frame.render("login.html", request, {"next": target, "failed": True}, status=401)
    services = request.app[SERVICES]
    lifetime = timedelta(seconds=sessions.LIFETIME_SECONDS)
    sid = await open_session(services.db, ADMIN, services.clock.now(), lifetime)
    response = web.Response(status=303, headers={"Location": target})
    # A new CSRF token on login: nothing issued before it stays valid.
    frame.set_session(response, Session.new(authenticated=True, sid=sid), request)
    return response


@pages.post("/admin/logout")
async def logout(request: web.Request) -> web.StreamResponse:
    await frame.check_csrf(request)
    sid = frame.session_of(request).sid
    if sid is not None:
        await revoke(request.app[SERVICES].db, sid)
    response = web.Response(status=303, headers={"Location": "/admin/login"})
    response.del_cookie(sessions.COOKIE, path="/admin")
    return response


@pages.get("/admin")
async def home(request: web.Request) -> web.Response:
    return frame.render("admin_home.html", request, {})
