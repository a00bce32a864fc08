"""The operator desk's inbox, `/admin/chats`: every chat with its state, group, operator,
waiting time and last message; filters, search by name or phone, pages; kept live by a
server-sent event feed (`/admin/chats/events`, woken by each desk change as it commits:
`shop/desk/live.py`) and `/admin/desk.js`, which also raises a browser notification when a
new chat starts waiting."""

from __future__ import annotations

import asyncio
import json
import time
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
# Between two looks of one feed at least this long: a burst of messages becomes a few
# refreshes of the page, not one per message (a change after a quiet spell is told at once).
MIN_GAP_SECONDS = 0.25
PRESENCE_SECONDS = 15.0  # between two "online" marks of the operator (and keep-alive comments)
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
        line, desk, waiting = await latest_change(session)
        ticks: tuple[Any, ...] = ()
        if chat is not None:
            found = await session.get(ShopChat, chat)
            if found is not None:
                lines = await transcript(session, found.wa_id, limit=20)
                ticks = tuple((x.id, x.delivery) for x in lines)
    return line, desk, waiting, ticks


@pages.get("/admin/chats/events", allow=roles.CHATS)
async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `change` (with the number of chats waiting and the newest line)
    whenever the inbox or the open chat changed; a comment now and then keeps proxies from
    closing the stream. The feed looks when a desk change commits in any process (and at the
    slow fallback poll), not on a timer of its own."""
    chat = request.query.get("chat", "")
    chat_id = int(chat) if chat.isdigit() else None
    actor = frame.actor(request)
    services = request.app[SERVICES]
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    await response.prepare(request)
    last: tuple[Any, ...] | None = None
    marked = float("-inf")
    while request.transport is not None and not request.transport.is_closing():
        seen = services.desk_live.version  # before the look: a change during it wakes again
        if time.monotonic() - marked >= PRESENCE_SECONDS:
            await services.desk.seen(actor.name)
            await response.write(b": online\n\n")
            marked = time.monotonic()
        current = await _signature(request, chat_id)
        # The first look also says `change`: what happened between the page's rendering and
        # the feed's connection (a delivery tick, a new chat) is fetched then, not lost.
        if current != last:
            await response.write(_change(current, last))
        last = current
        await asyncio.sleep(MIN_GAP_SECONDS)
        await services.desk_live.wait(seen)
    return response  # the page went away: noticed at the first look after it did


def _change(current: tuple[Any, ...], last: tuple[Any, ...] | None) -> bytes:
    was = current[2] if last is None else last[2]
    data = json.dumps({"waiting": current[2], "was_waiting": was, "line": current[0]})
    return f"event: change\ndata: {data}\n\n".encode()
