"""`/admin/login` and `/admin/logout`: the admin token in, a signed session cookie out."""

from __future__ import annotations

from aiohttp import web

from shop.web.admin import frame
from shop.web.admin import session as sessions
from shop.web.admin.session import Session
from shop.web.keys import SETTINGS


def _safe_next(value: str) -> str:
    # Only our own pages: never an absolute or protocol-relative URL.
    if value.startswith("/admin") and not value.startswith("//"):
        return value
    return "/admin"


async def login_page(request: web.Request) -> web.Response:
    context = {"next": _safe_next(request.query.get("next", "/admin")), "failed": False}
    return frame.render("login.html", request, context)


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    target = _safe_next(str(form.get("next", "/admin")))
    token = frame.admin_token(request.app[SETTINGS])
    if token is None or not sessions.tokens_match(str(form.get("token", "")), token):
        return frame.render("login.html", request, {"next": target, "failed": True}, status=401)
    response = web.Response(status=303, headers={"Location": target})
    # A new CSRF token on login: nothing issued before it stays valid.
    frame.set_session(response, Session.new(authenticated=True), request)
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    await frame.check_csrf(request)
    response = web.Response(status=303, headers={"Location": "/admin/login"})
    response.del_cookie(sessions.COOKIE, path="/admin")
    return response


async def home(request: web.Request) -> web.Response:
    return frame.render("admin_home.html", request, {})


def setup(app: web.Application) -> None:
    app.router.add_get("/admin", home)
    app.router.add_get("/admin/login", login_page)
    app.router.add_post("/admin/login", login)
    app.router.add_post("/admin/logout", logout)
