"""Merchant API of the operator desk: the inbox, a chat's transcript, replies and moves
(`/api/chats…`; its settings are `desk_settings.py`). The token's holder acts as its person."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from shop.access.roles import Role
from shop.access.staff import Actor
from shop.chat.tables import ShopChat
from shop.desk.groups import Groups, hidden_for, load_groups
from shop.desk.inbox import InboxQuery, Line, inbox, transcript
from shop.desk.moves import Target
from shop.desk.service import DeskRefused, Reply
from shop.desk.states import DeskState, IllegalMove, Move
from shop.desk.tables import DeskChat
from shop.web.admin import frame
from shop.web.api.answers import ApiError
from shop.web.api.routes import ApiRoutes
from shop.web.keys import SERVICES
from shop.web.media_upload import read_media_form
from shop.web.validation import QueryModel, path_id

api = ApiRoutes("desk")
CHAT = "/api/chats/{id:\\d+}"


class ChatsQuery(QueryModel):
    state: DeskState | None = None
    group: str | None = Field(default=None, max_length=32)
    q: str | None = Field(default=None, max_length=100, description="a name or phone digits")
    page: int = Field(default=1, ge=1, le=10000)


class ChatSummary(BaseModel):
    id: int
    wa_id: str
    name: str | None
    state: DeskState
    group: str | None
    assignee: str | None
    reason: str | None
    waiting_since: datetime | None
    last_message: str


class Chats(BaseModel):
    chats: list[ChatSummary]
    total: int


class Message(BaseModel):
    id: int
    at: datetime
    direction: str = Field(description="in, out, echo (the business app), note, event")
    kind: str
    text: str
    author: str | None
    delivery: str | None = Field(description="sent, delivered, read or failed (outbound)")
    error: str | None = Field(description="Meta's code and reason when delivery failed")
    data: dict[str, Any]


class Messages(BaseModel):
    messages: list[Message]


class TemplateReply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=512)
    language: str = Field(default="ru", min_length=2, max_length=16)
    parameters: list[str] = Field(default_factory=list, max_length=20)


class ReplyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, min_length=1, max_length=4096)
    template: TemplateReply | None = None


class Sent(BaseModel):
    outbox_id: int


class MoveBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    group: str | None = Field(default=None, max_length=32)
    operator: str | None = Field(default=None, max_length=40)


class DeskRow(BaseModel):
    id: int
    state: DeskState
    group: str | None
    assignee: str | None


def _id(request: web.Request) -> int:
    return path_id(request)


def hidden_groups(groups: Groups, actor: Actor) -> frozenset[str]:
    return hidden_for(groups, actor.name, actor.role is Role.OWNER)


def _refused(code: str, status: int = 409, **extra: Any) -> web.Response:
    return web.json_response({"error": code, **extra}, status=status)


@api.get(
    "/api/chats", "The desk's inbox: chats waiting first", query=ChatsQuery, answers={200: Chats}
)
async def get_chats(request: web.Request, query: ChatsQuery) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        groups = await load_groups(session)
        asked = InboxQuery(
            state=query.state,
            group=query.group,
            search=query.q,
            page=query.page,
            hidden_groups=hidden_groups(groups, frame.actor(request)),
        )
        rows, total = await inbox(session, asked)
    chats = [
        ChatSummary(
            id=r.chat_id,
            wa_id=r.wa_id,
            name=r.name,
            state=r.state,
            group=r.group,
            assignee=r.assignee,
            reason=r.reason,
            waiting_since=r.waiting_since,
            last_message=r.last_text,
        ).model_dump(mode="json")
        for r in rows
    ]
    return web.json_response({"chats": chats, "total": total})


async def _chat(request: web.Request) -> tuple[ShopChat, DeskChat | None] | web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        chat = await session.get(ShopChat, _id(request))
        if chat is None:
            return _refused("not_found", 404)
        desk = await session.get(DeskChat, chat.id)
        groups = await load_groups(session)
    hidden = hidden_groups(groups, frame.actor(request))
    if desk is not None and desk.group_key in hidden:
        return _refused("private_group", 403)
    return chat, desk


@api.get(CHAT, "A chat on the desk", answers={200: ChatSummary, 403: ApiError, 404: ApiError})
async def get_chat(request: web.Request) -> web.Response:
    found = await _chat(request)
    if isinstance(found, web.Response):
        return found
    chat, desk = found
    summary = ChatSummary(
        id=chat.id or 0,
        wa_id=chat.wa_id,
        name=chat.name,
        state=DeskState(desk.state) if desk else DeskState.BOT,
        group=desk.group_key if desk else None,
        assignee=desk.assignee if desk else None,
        reason=desk.reason if desk else None,
        waiting_since=desk.waiting_since if desk else None,
        last_message="",
    )
    return web.json_response(summary.model_dump(mode="json"))


def _message(line: Line) -> dict[str, Any]:
    error = f"{line.error_code} {line.error_title or ''}".strip() if line.error_code else None
    return Message(
        id=line.id,
        at=line.at,
        direction=line.direction,
        kind=line.kind,
        text=line.text,
        author=line.author,
        delivery=line.delivery,
        error=error,
        data=line.data,
    ).model_dump(mode="json")


class MessagesQuery(QueryModel):
    before: int | None = Field(default=None, ge=1, description="older than this message id")
    limit: int = Field(default=100, ge=1, le=500)


@api.get(
    f"{CHAT}/messages",
    "A chat's transcript, both directions, oldest first (the latest `limit`)",
    query=MessagesQuery,
    answers={200: Messages, 403: ApiError, 404: ApiError},
)
async def get_messages(request: web.Request, query: MessagesQuery) -> web.Response:
    found = await _chat(request)
    if isinstance(found, web.Response):
        return found
    async with request.app[SERVICES].db.sessions() as session:
        lines = await transcript(session, found[0].wa_id, before=query.before, limit=query.limit)
    return web.json_response({"messages": [_message(line) for line in lines]})


async def _done(
    request: web.Request, action: Callable[[], Awaitable[web.Response]]
) -> web.Response:
    """Run a desk action; its refusal as a 4xx with the reason's code."""
    try:
        return await action()
    except DeskRefused as refused:
        status = {"not_found": 404, "private_group": 403, "window_closed": 409}.get(
            refused.code, 422
        )
        return _refused(refused.code, status, reason=refused.reason or None)
    except IllegalMove as illegal:
        return _refused("illegal_move", 409, state=illegal.state.value)


class MediaReply(BaseModel):
    """A photo (JPEG, PNG ≤ 5 MB) or a document (PDF, Word, Excel, PowerPoint, text ≤ 100 MB)
    as a multipart form, inside the 24-hour window."""

    file: str = Field(json_schema_extra={"format": "binary"})
    caption: str | None = Field(default=None, max_length=1024)


@api.post(
    f"{CHAT}/messages",
    "Reply: text inside the 24-hour window, else an approved template (409 window_closed); "
    "or a photo or document as a multipart form (`file`, `caption`), inside the window",
    body=ReplyBody,
    upload=MediaReply,
    answers={201: Sent, 403: ApiError, 404: ApiError, 409: ApiError, 413: ApiError, 422: ApiError},
)
async def post_message(request: web.Request, body: ReplyBody | None = None) -> web.Response:
    if body is None:  # a multipart form: the file goes through the media endpoint
        return await _done(request, lambda: _send_file(request))
    if (body.text is None) == (body.template is None):
        return _refused("text_or_template", 400, message="send either text or template")
    reply = (
        Reply(text=body.text)
        if body.template is None
        else Reply(
            template=body.template.name,
            language=body.template.language,
            parameters=tuple(body.template.parameters),
        )
    )

    async def send() -> web.Response:
        sent = await request.app[SERVICES].desk.reply(_id(request), frame.actor(request), reply)
        return web.json_response({"outbox_id": sent}, status=201)

    return await _done(request, send)


async def _send_file(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    fields, file = await read_media_form(request, services.settings.media_max_bytes)
    if file is None:
        return _refused("bad_request", 400, field="file", message="attach the file as `file`")
    caption = fields.get("caption", "")
    sent = await services.desk_media.send(_id(request), frame.actor(request), file, caption)
    return web.json_response({"outbox_id": sent}, status=201)


def _move_route(path: str, move: Move, summary: str) -> None:
    @api.post(
        f"{CHAT}/{path}",
        summary,
        body=MoveBody,
        answers={200: DeskRow, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError},
    )
    async def handler(request: web.Request, body: MoveBody) -> web.Response:
        async def act() -> web.Response:
            target = Target(group=body.group, operator=body.operator)
            row = await request.app[SERVICES].desk.act(
                _id(request), frame.actor(request), move, target
            )
            return web.json_response(
                {
                    "id": row.chat_id,
                    "state": row.state,
                    "group": row.group_key,
                    "assignee": row.assignee,
                }
            )

        return await _done(request, act)

    handler.__name__ = f"post_{path}"


_move_route("assign", Move.TAKE, "Take the chat, or give it to `operator`")
_move_route("transfer", Move.TRANSFER, "Transfer to a `group` (waiting there) or an `operator`")
_move_route("handback", Move.HANDBACK, "Hand the chat back to the bot")
_move_route("close", Move.CLOSE, "Close the chat; the bot answers the shopper's next message")
