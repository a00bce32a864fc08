"""Merchant API: the desk's settings, its groups (`GET`/`PUT /api/settings/groups`) and the FAQ
bot's questions and answers (`GET`/`PUT /api/settings/faq`) and the canned replies
(`GET`/`PUT /api/settings/canned-replies`), each replaced whole: a refused
document names its first wrong field in Russian and nothing is saved."""

from __future__ import annotations

from aiohttp import web
from pydantic import ConfigDict

from shop import merchant_settings
from shop.chat.faq import KEY as FAQ_KEY
from shop.chat.faq import Faq
from shop.desk import canned
from shop.desk.canned import CannedReplies
from shop.desk.groups import Groups, load_groups
from shop.desk.regroup import store_groups
from shop.web.api.routes import ApiRoutes
from shop.web.api.settings import RussianBody, keyed, replace_document
from shop.web.keys import SERVICES

api = ApiRoutes("desk")


class GroupsBody(RussianBody, Groups):
    model_config = ConfigDict(title="Groups")


class FaqBody(RussianBody, Faq):
    model_config = ConfigDict(title="Faq")


@api.get(
    "/api/settings/groups", "The desk's groups (saved, else the defaults)", answers={200: Groups}
)
async def get_groups(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        groups = await load_groups(session)
    return web.json_response(groups.model_dump(mode="json"))


@api.put(
    "/api/settings/groups",
    "Replace the desk's groups: members (staff accounts; an unknown one is refused), hours, "
    "the out-of-hours reply, SLA, privacy, keywords. The open chats of a removed group move "
    "to the default group",
    body=GroupsBody,
    answers={200: Groups},
)
async def put_groups(request: web.Request, body: GroupsBody) -> web.Response:
    return await replace_document(request, Groups, body, store_groups)


@api.get("/api/settings/faq", "The FAQ bot's questions and answers", answers={200: Faq})
async def get_faq(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        faq = await merchant_settings.load(session, FAQ_KEY, Faq) or Faq()
    return web.json_response(faq.model_dump(mode="json"))


@api.put(
    "/api/settings/faq",
    "Replace the FAQ; the chat answers from it at its next message, "
    "then asks whether the answer helped",
    body=FaqBody,
    answers={200: Faq},
)
async def put_faq(request: web.Request, body: FaqBody) -> web.Response:
    return await replace_document(request, Faq, body, keyed(FAQ_KEY))


class CannedBody(RussianBody, CannedReplies):
    model_config = ConfigDict(title="CannedReplies")


@api.get(
    "/api/settings/canned-replies",
    "The desk's canned replies (saved, else the three defaults)",
    answers={200: CannedReplies},
)
async def get_canned(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        doc, _ = await canned.current(session)
    return web.json_response(doc.model_dump(mode="json"))


@api.put(
    "/api/settings/canned-replies",
    "Replace the canned replies the desk's chat page offers (short texts, at most 20)",
    body=CannedBody,
    answers={200: CannedReplies},
)
async def put_canned(request: web.Request, body: CannedBody) -> web.Response:
    return await replace_document(request, CannedReplies, body, keyed(canned.KEY))
