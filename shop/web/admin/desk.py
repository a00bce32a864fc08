"""The operator desk's inbox, `/admin/chats`: every chat with its state, group, operator,
waiting time and last message; filters, search by name or phone, pages; kept live by a
server-sent event feed (`/admin/chats/events`) and `/admin/desk.js`, which also raises a
browser notification when a new chat starts waiting."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from aiohttp import web

from shop.access import roles
from shop.access.roles import Role
from shop.access.staff import Actor
from shop.chat.tables import ShopChat
from shop.desk.groups import Groups, hidden_for, load_groups
from shop.desk.inbox import PAGE, InboxQuery, inbox, latest_change, transcript
from shop.desk.states import DeskState
from shop.web.admin import frame
from shop.web.admin.desk_view import listed
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES

pages = PageRoutes()
SCRIPT = Path(__file__).resolve().parents[1] / "templates" / "desk.js"
POLL_SECONDS = 1.0  # how often the feed looks for changes (a webhook shows within ~1 s)
PRESENCE_EVERY = 15  # polls between two "online" marks of the operator
# The desk's pages run one script of ours (the live feed); everything else stays as strict.
DESK_CSP = frame.SECURITY_HEADERS["Content-Security-Policy"].replace(
    "script-src 'none'", "script-src 'self'"
)


def hidden_groups(groups: Groups, actor: Actor) -> frozenset[str]:
    """The private groups whose chats this person may not open (nor see listed)."""
    return hidden_for(groups, actor.name, actor.role is Role.OWNER)


def _query(request: web.Request, groups: Groups) -> InboxQuery:
    q = request.query
    try:
        state = DeskState(q["state"]) if q.get("state") else None
    except ValueError:
        state = None
    actor = frame.actor(request)
    page = int(q["page"]) if q.get("page", "").isdigit() else 1
    return InboxQuery(
        state=state,
        group=q.get("group") or None,
        assignee=actor.name if q.get("mine") else None,
        search=(q.get("q") or "")[:100] or None,
        page=page,
        hidden_groups=hidden_groups(groups, actor),
    )


def with_script(response: web.Response) -> web.Response:
    response.headers["Content-Security-Policy"] = DESK_CSP
    return response


@pages.get("/admin/chats", nav="admin.chats.title", allow=roles.CHATS)
async def inbox_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        groups = await load_groups(session)
        query = _query(request, groups)
        rows, total = await inbox(session, query)
    now = services.clock.now()
    context = {
        "rows": [listed(row, groups, now) for row in rows],
        "total": total,
        "pages": max((total + PAGE - 1) // PAGE, 1),
        "page": query.page,
        "groups": groups.groups,
        "states": list(DeskState),
        "form": request.query,
        "fragment": request.query.get("fragment") == "list",
        "query_string": request.query_string,
    }
    template = "desk_list.html" if context["fragment"] else "chats.html"
    return with_script(frame.render(template, request, context))


@pages.get("/admin/desk.js", allow=roles.CHATS)
async def desk_script(request: web.Request) -> web.Response:
    return web.Response(text=SCRIPT.read_text(encoding="utf-8"), content_type="text/javascript")


async def _signature(request: web.Request, chat: int | None) -> tuple[Any, ...]:
    """What changes when the page should refresh: the newest line and desk change, and for a
    chat's page the delivery ticks of its latest lines."""
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        line, desk = await latest_change(session)
        waiting = (await inbox(session, InboxQuery(state=DeskState.WAITING)))[1]
        ticks: tuple[Any, ...] = ()
        if chat is not None:
            found = await session.get(ShopChat, chat)
            if found is not None:
                lines = await transcript(session, found.wa_id, limit=20)
                ticks = tuple((x.id, x.delivery) for x in lines)
    return line, desk, waiting, ticks


@pages.get("/admin/chats/events", allow=roles.CHATS)
async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `change` (with the number of chats waiting) whenever the inbox or
    the open chat changed; a comment now and then keeps proxies from closing the stream."""
    chat = request.query.get("chat", "")
    chat_id = int(chat) if chat.isdigit() else None
    actor = frame.actor(request)
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    await response.prepare(request)
    last: tuple[Any, ...] | None = None
    polls = 0
    while True:
        if polls % PRESENCE_EVERY == 0:
            await request.app[SERVICES].desk.seen(actor.name)
            await response.write(b": online\n\n")
        current = await _signature(request, chat_id)
        # The first look also says `change`: what happened between the page's rendering and
        # the feed's connection (a delivery tick, a new chat) is fetched then, not lost.
        if current != last:
            was = current[2] if last is None else last[2]
            data = json.dumps({"waiting": current[2], "was_waiting": was})
            await response.write(f"event: change\ndata: {data}\n\n".encode())
        last, polls = current, polls + 1
        await asyncio.sleep(POLL_SECONDS)
