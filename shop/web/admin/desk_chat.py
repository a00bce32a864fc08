"""A chat on the desk, `/admin/chats/{id}`: the whole transcript, the shopper's card, and the
operator's actions (take, transfer, reply with text, a canned reply or an approved template,
hand back, close, a note). Outside the 24-hour window free text is refused with the reason
and the page offers the APPROVED templates."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlmodel import col, select

from shop.access import roles
from shop.chat.tables import ShopChat
from shop.desk import canned as canned_replies
from shop.desk.card import card_of
from shop.desk.groups import load_groups, may_open
from shop.desk.inbox import LAST, transcript
from shop.desk.moves import Target
from shop.desk.service import DeskRefused, Reply
from shop.desk.states import DeskState, IllegalMove, Move
from shop.desk.tables import DeskChat
from shop.texts import format_money, t
from shop.web.admin import frame
from shop.web.admin.desk import with_script
from shop.web.admin.desk_view import group_title, shown
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES
from shop.whatsapp import templates
from shop.whatsapp.outbox import is_window_open
from shop.whatsapp.tables import WaTemplate

pages = PageRoutes()
ACTIONS = {"take": Move.TAKE, "handback": Move.HANDBACK, "close": Move.CLOSE}


async def _approved(session: Any) -> list[WaTemplate]:
    query = select(WaTemplate).where(col(WaTemplate.status) == templates.APPROVED)
    return list((await session.exec(query.order_by(col(WaTemplate.name)))).all())


@pages.get("/admin/chats/{id:\\d+}", allow=roles.CHATS)
async def chat_page(request: web.Request, notice: str | None = None) -> web.Response:
    services = request.app[SERVICES]
    actor = frame.actor(request)
    async with services.db.sessions() as session:
        chat = await session.get(ShopChat, int(request.match_info["id"]))
        if chat is None:
            raise web.HTTPNotFound(text=t("desk.refused.not_found"))
        desk = await session.get(DeskChat, chat.id)
        groups = await load_groups(session)
        group = groups.get(desk.group_key) if desk else None
        if not may_open(group, actor.name, actor.role is roles.Role.OWNER):
            return frame.render(
                "forbidden.html", request, {"role": t("desk.refused.private_group")}, status=403
            )
        lines = await transcript(session, chat.wa_id)
        card = await card_of(session, chat)
        window = await is_window_open(session, chat.wa_id, services.clock.now())
        approved = await _approved(session)
        canned, _ = await canned_replies.current(session)
    state = DeskState(desk.state) if desk else DeskState.BOT
    context = {
        "chat": chat,
        "desk": desk,
        "state": state,
        "state_word": t(f"desk.state.{state}"),
        "group": group_title(groups, desk.group_key) if desk and desk.group_key else "—",
        "groups": groups.groups,
        "lines": [shown(line, groups) for line in lines],
        "limit": LAST,
        "card": card,
        "notes": [line for line in lines if line.direction == "note"],
        "window": window,
        "templates": approved,
        "canned": canned.replies,
        "notice": notice,
        "mine": desk is not None and desk.assignee == actor.name,
        "money": format_money,
    }
    fragment = request.query.get("fragment")
    template = {"head": "desk_head.html", "lines": "desk_lines.html"}.get(
        fragment or "", "desk_chat.html"
    )
    return with_script(frame.render(template, request, context))


def _target(form: Any) -> Target:
    group = str(form.get("group", "")).strip() or None
    operator = str(form.get("operator", "")).strip() or None
    return Target(group=group, operator=operator)


def _reply(form: Any) -> Reply:
    if form.get("action") == "template":
        lines = str(form.get("parameters", "")).splitlines()
        name, _, language = str(form.get("template", "")).partition("|")
        return Reply(
            template=name,
            language=language or "ru",
            parameters=tuple(line.strip() for line in lines if line.strip()),
        )
    return Reply(text=str(form.get("text", "")))


@pages.post("/admin/chats/{id:\\d+}", allow=roles.CHATS)
async def chat_action(request: web.Request) -> web.Response:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    desk = request.app[SERVICES].desk
    chat_id, actor = int(request.match_info["id"]), frame.actor(request)
    action = str(form.get("action", ""))
    try:
        if action in ACTIONS:
            await desk.act(chat_id, actor, ACTIONS[action])
        elif action == "transfer":
            await desk.act(chat_id, actor, Move.TRANSFER, _target(form))
        elif action == "note":
            await desk.note(chat_id, actor, str(form.get("note", "")))
        elif action in ("reply", "template"):
            await desk.reply(chat_id, actor, _reply(form))
        else:
            raise web.HTTPBadRequest(text="unknown action")
    except DeskRefused as refused:
        words = (
            t(f"desk.refused.{refused.code}")
            if f"desk.refused.{refused.code}" in _KNOWN
            else t("desk.refused.template", reason=refused.reason or refused.code)
        )
        return await _again(request, words, 409 if refused.code != "private_group" else 403)
    except IllegalMove as illegal:
        return await _again(
            request, t("desk.refused.illegal", state=t(f"desk.state.{illegal.state}")), 409
        )
    raise web.HTTPSeeOther(f"/admin/chats/{chat_id}")


async def _again(request: web.Request, notice: str, status: int) -> web.Response:
    page = await chat_page(request, notice=notice)
    page.set_status(status)
    return page


_KNOWN = frozenset(
    f"desk.refused.{code}"
    for code in (
        "window_closed",
        "private_group",
        "not_found",
        "empty_text",
        "empty_note",
        "unknown_group",
        "unknown_operator",
        "no_target",
    )
)
