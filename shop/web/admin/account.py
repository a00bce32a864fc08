"""`/admin/account`: every signed-in person's own profile: change their password (the current
one first) and their own API tokens. The ADMIN_TOKEN holder has neither, and is told so."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from shop.access.changes import change_password
from shop.access.roles import EVERYONE
from shop.access.staff import BOOTSTRAP, StaffRefused
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.admin.token_forms import create_from_form, revoke_from_form, token_rows
from shop.web.keys import SERVICES

pages = PageRoutes()


@pages.get("/admin/account", nav="staff.account.title", allow=EVERYONE)
async def account_page(
    request: web.Request, extra: dict[str, Any] | None = None, status: int = 200
) -> web.Response:
    who = frame.actor(request)
    bootstrap = who == BOOTSTRAP
    context = {
        "bootstrap": bootstrap,
        "tokens": [] if bootstrap else await token_rows(request, who.name),
    }
    return frame.render("account.html", request, {**context, **(extra or {})}, status=status)


def _own(request: web.Request) -> str:
    """The signed-in person's account name; the ADMIN_TOKEN holder has none to change."""
    who = frame.actor(request)
    if who == BOOTSTRAP:
        raise web.HTTPSeeOther("/admin/account")
    return who.name


@pages.post("/admin/account/password", allow=EVERYONE)
async def change_own_password(request: web.Request) -> web.Response:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    name, services = _own(request), request.app[SERVICES]
    new = str(form.get("new", ""))
    try:
        if new != str(form.get("repeat", "")):
            raise StaffRefused("repeat: the new passwords differ", code="mismatch")
        await change_password(
            services.db,
            name,
            str(form.get("current", "")),
            new,
            services.clock.now(),
            keep_sid=frame.session_of(request).sid,
        )
    except StaffRefused as exc:
        return await account_page(request, {"problem": exc.code}, status=400)
    return await account_page(request, {"changed": True})


@pages.post("/admin/account/tokens", allow=EVERYONE)
async def create_own_token(request: web.Request) -> web.Response:
    try:
        done = await create_from_form(request, _own(request))
    except StaffRefused as exc:
        return await account_page(request, {"token_problem": exc.code}, status=400)
    return await account_page(request, {"token_done": done})


@pages.post("/admin/account/tokens/{token:\\d{1,9}}/revoke", allow=EVERYONE)
async def revoke_own_token(request: web.Request) -> web.Response:
    try:
        done = await revoke_from_form(request, _own(request))
    except StaffRefused:
        raise web.HTTPNotFound(text="no such token") from None
    return await account_page(request, {"token_done": done})
