"""`/admin/login` and `/admin/logout`: a staff name and password (or, with no name, the admin
token: the bootstrap owner) in, a session (row and cookie) out.

Wrong tokens and wrong passwords are throttled per client address (`shop.access.throttle`);
logout deletes the server-side session, so the cookie is worthless afterwards even if someone
kept a copy.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from aiohttp import web

from shop.access.changes import note_sign_in
from shop.access.roles import EVERYONE
from shop.access.sessions import ADMIN, open_session, revoke
from shop.access.staff import sign_in
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


@pages.get("/admin/login", allow=EVERYONE)
async def login_page(request: web.Request) -> web.Response:
    context = {"next": _safe_next(request.query.get("next", "/admin")), "failed": False}
    return frame.render("login.html", request, context)


async def _subject(request: web.Request, name: str, given: str) -> str | None:
    """Who the form signs in: the account's name, `admin` for the token with no name, or
    None when the password (or token) is wrong."""
    if name:
        services = request.app[SERVICES]
        actor = await sign_in(services.db, name, given)
        if actor is None:
            return None
        await note_sign_in(services.db, actor.name, services.clock.now())
        return actor.name
    token = frame.admin_token(request.app[SETTINGS])
    if token is None or not given or not sessions.tokens_match(given, token):
        return None
    return ADMIN


@pages.post("/admin/login", allow=EVERYONE)
async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    target = _safe_next(str(form.get("next", "/admin")))
    wait = frame.too_many_attempts(request)
    if wait:  # refused before the token is even compared: a guesser learns nothing
        page = frame.render("login.html", request, {"next": target, "throttled": True}, status=429)
        page.headers["Retry-After"] = str(wait)
        return page
    name = str(form.get("name", "")).strip()
    subject = await _subject(request, name, str(form.get("token", "")))
    if subject is None:
        frame.attempt_failed(request)
        reason = "wrong_password" if name else "wrong_token"
        log.warning("admin login refused", extra={"reason": reason})
        failed = "staff.login.failed" if name else "admin.login.failed"
        context = {"next": target, "failed": failed, "name": name[:40]}
        return frame.render("login.html", request, context, status=401)
    services = request.app[SERVICES]
    lifetime = timedelta(seconds=sessions.LIFETIME_SECONDS)
    sid = await open_session(services.db, subject, services.clock.now(), lifetime)
    response = web.Response(status=303, headers={"Location": target})
    # A new CSRF token on login: nothing issued before it stays valid.
    frame.set_session(response, Session.new(authenticated=True, sid=sid), request)
    return response


@pages.post("/admin/logout", allow=EVERYONE)
async def logout(request: web.Request) -> web.StreamResponse:
    await frame.check_csrf(request)
    sid = frame.session_of(request).sid
    if sid is not None:
        await revoke(request.app[SERVICES].db, sid)
    response = web.Response(status=303, headers={"Location": "/admin/login"})
    response.del_cookie(sessions.COOKIE, path="/admin")
    return response
