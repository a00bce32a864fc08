"""`/admin/users` (the owner's): the staff with role, access and last sign-in; adding one (its
one-time password shown once), and one person's page to change the role, close or open
access, reset the password and manage their API tokens. Every change is in the audit log
(shop/access). Owners change other people, not themselves: their own role and access stay
put, so an owner cannot lock themselves out by a slip."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from shop.access.changes import enable_user, reset_password, set_role
from shop.access.passwords import one_time_password
from shop.access.roles import Role, parse_role
from shop.access.staff import StaffRefused, add_user, disable_user, find_user, list_users
from shop.storage.db import Database
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.admin.token_forms import create_from_form, revoke_from_form, token_rows
from shop.web.keys import SERVICES

pages = PageRoutes()
USER = "/admin/users/{name:[\\w.-]{1,40}}"
DONE = ("role", "disabled", "enabled")
# A change to someone else's account: (db, their name, now, who changes it).
Change = Callable[[Database, str, datetime, str], Awaitable[object]]


@pages.get("/admin/users", nav="staff.users.title")
async def users_page(
    request: web.Request, extra: dict[str, Any] | None = None, status: int = 200
) -> web.Response:
    context = {
        "users": await list_users(request.app[SERVICES].db),
        "roles": list(Role),
        "role": Role.OPERATOR,  # the form's choice: the widest role is never picked unasked
    }
    return frame.render("users.html", request, {**context, **(extra or {})}, status=status)


@pages.post("/admin/users")
async def add(request: web.Request) -> web.Response:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    name, role = str(form.get("name", "")), parse_role(str(form.get("role", "")))
    services, password = request.app[SERVICES], one_time_password()
    try:
        if role is None:
            raise StaffRefused("role: unknown", code="role")
        user = await add_user(
            services.db, name, role, password, services.clock.now(), actor=_actor(request)
        )
    except StaffRefused as exc:
        extra = {"problem": exc.code, "name": name[:40], "role": str(form.get("role", ""))}
        return await users_page(request, extra, status=400)
    return await users_page(request, {"added": user.name, "password": password})


@pages.get(USER)
async def user_page(
    request: web.Request, extra: dict[str, Any] | None = None, status: int = 200
) -> web.Response:
    name = request.match_info["name"]
    async with request.app[SERVICES].db.sessions() as session:
        try:
            user = await find_user(session, name)
        except StaffRefused:
            raise web.HTTPNotFound(text="no such user") from None
    done = request.query.get("done")
    context = {
        "user": user,
        "roles": list(Role),
        "tokens": await token_rows(request, name),
        "done": done if done in DONE else None,
        "itself": name == frame.actor(request).name,
    }
    return frame.render("user.html", request, {**context, **(extra or {})}, status=status)


@pages.post(USER + "/role")
async def change_role(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    role = parse_role(str(form.get("role", "")))
    if role is None:
        return await user_page(request, {"problem": "role"}, status=400)
    return await _change(
        request, "role", lambda db, name, now, actor: set_role(db, name, role, now, actor=actor)
    )


@pages.post(USER + "/access")
async def change_access(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    if form.get("do") == "enable":
        return await _change(
            request, "enabled", lambda db, name, now, actor: enable_user(db, name, now, actor=actor)
        )
    return await _change(
        request, "disabled", lambda db, name, now, actor: disable_user(db, name, now, actor=actor)
    )


async def _change(request: web.Request, done: str, change: Change) -> web.StreamResponse:
    name = request.match_info["name"]
    if name == frame.actor(request).name:
        return await user_page(request, {"problem": "self"}, status=400)
    services = request.app[SERVICES]
    try:
        await change(services.db, name, services.clock.now(), _actor(request))
    except StaffRefused:
        raise web.HTTPNotFound(text="no such user") from None
    raise web.HTTPSeeOther(f"/admin/users/{name}?done={done}")


@pages.post(USER + "/password")
async def reset(request: web.Request) -> web.Response:
    """Resets once the owner said yes to the page's question (their sessions end at once);
    a post without that answer comes back to the page with the question open."""
    await frame.check_csrf(request)
    if request.match_info["name"] == frame.actor(request).name:
        return await user_page(request, {"problem": "self"}, status=400)
    if (await request.post()).get("confirm") != "yes":
        return await user_page(request, {"asking": "reset"})
    name, password, services = (
        request.match_info["name"],
        one_time_password(),
        request.app[SERVICES],
    )
    try:
        await reset_password(
            services.db, name, password, services.clock.now(), actor=_actor(request)
        )
    except StaffRefused:
        raise web.HTTPNotFound(text="no such user") from None
    return await user_page(request, {"password": password})


@pages.post(USER + "/tokens")
async def create_token(request: web.Request) -> web.Response:
    try:
        done = await create_from_form(request, request.match_info["name"])
    except StaffRefused as exc:
        return await user_page(request, {"token_problem": exc.code}, status=400)
    return await user_page(request, {"token_done": done})


@pages.post(USER + "/tokens/{token:\\d{1,9}}/revoke")
async def revoke(request: web.Request) -> web.Response:
    try:
        done = await revoke_from_form(request, request.match_info["name"])
    except StaffRefused:
        raise web.HTTPNotFound(text="no such token") from None
    return await user_page(request, {"token_done": done})


def _actor(request: web.Request) -> str:
    return frame.actor(request).name
