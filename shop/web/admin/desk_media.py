"""A transcript line's kept media file, `/admin/media/{line id}`: for signed-in staff who may
open the chat (owner and operators; a private group's chats for its members only).

Served as an attachment by default and inline only for images, always with its checked type
and `nosniff`, so a shopper's file is never run as a page of the shop.
"""

from __future__ import annotations

import json

from aiohttp import web
from sqlmodel import select

from shop.access import roles
from shop.chat.tables import ShopChat
from shop.desk.groups import load_groups, may_open
from shop.desk.media import stored_file
from shop.desk.service import DeskRefused
from shop.desk.tables import DeskChat, DeskMessage
from shop.texts import CATALOGUE, t
from shop.web.admin import frame
from shop.web.admin.desk_chat import chat_page
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES
from shop.web.media_upload import read_media_form

pages = PageRoutes()


@pages.get("/admin/media/{id:\\d+}", allow=roles.CHATS)
async def media(request: web.Request) -> web.StreamResponse:
    services = request.app[SERVICES]
    line = await _openable_line(request, int(request.match_info["id"]))
    data = json.loads(line.data)
    path = stored_file(services.settings.media_dir, data)
    if path is None:
        raise web.HTTPNotFound(text=t("desk.refused.not_found"))
    inline = str(data.get("media_type", "")).startswith("image/")
    disposition = "inline" if inline else "attachment"
    return web.FileResponse(
        path,
        headers={
            "Content-Type": str(data["media_type"]),
            "Content-Disposition": f'{disposition}; filename="{path.name}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=3600",
        },
    )


async def _openable_line(request: web.Request, line_id: int) -> DeskMessage:
    """The line, when the signed-in person may open its chat (404 / 403 otherwise)."""
    actor = frame.actor(request)
    async with request.app[SERVICES].db.sessions() as session:
        line = await session.get(DeskMessage, line_id)
        if line is None:
            raise web.HTTPNotFound(text=t("desk.refused.not_found"))
        query = select(ShopChat).where(ShopChat.wa_id == line.wa_id)
        chat = (await session.exec(query)).first()
        desk = await session.get(DeskChat, chat.id) if chat is not None else None
        group = (await load_groups(session)).get(desk.group_key) if desk else None
    if not may_open(group, actor.name, actor.role is roles.Role.OWNER):
        raise web.HTTPForbidden(text=t("desk.refused.private_group"))
    return line


@pages.post("/admin/chats/{id:\\d+}/media", allow=roles.CHATS)
async def send_media(request: web.Request) -> web.Response:
    """The chat page's attachment: a photo or a document, with an optional caption."""
    services = request.app[SERVICES]
    fields, file = await read_media_form(request, services.settings.media_max_bytes)
    await frame.check_csrf(request, fields.get("csrf", ""))
    chat_id = int(request.match_info["id"])
    try:
        if file is None:
            raise DeskRefused("media_missing")
        await services.desk_media.send(
            chat_id, frame.actor(request), file, fields.get("caption", "")
        )
    except DeskRefused as refused:
        key = f"desk.media.out.{refused.code}"
        words = (
            t(key) if key in CATALOGUE["ru"] else t("desk.media.out.failed", reason=refused.code)
        )
        page = await chat_page(request, notice=words)
        page.set_status(403 if refused.code == "private_group" else 409)
        return page
    raise web.HTTPSeeOther(f"/admin/chats/{chat_id}")
