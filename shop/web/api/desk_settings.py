"""Merchant API: the desk's settings, its groups (`GET`/`PUT /api/settings/groups`) and the FAQ
bot's questions and answers (`GET`/`PUT /api/settings/faq`) and the canned replies
(`GET`/`PUT /api/settings/canned-replies`), each replaced whole: a refused
document names its first wrong field in Russian and nothing is saved."""

from __future__ import annotations

from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict

from shop import merchant_settings
from shop.chat.faq import KEY as FAQ_KEY
from shop.chat.faq import Faq
from shop.desk import canned
from shop.desk.canned import CannedReplies
from shop.desk.groups import KEY as GROUPS_KEY
from shop.desk.groups import Groups, load_groups
from shop.merchant_settings import Refused
from shop.web.api.routes import ApiRoutes
from shop.web.api.settings import RussianBody
from shop.web.keys import SERVICES
from shop.web.validation import BadInput

api = ApiRoutes("desk")
Doc = TypeVar("Doc", bound=BaseModel)


class GroupsBody(RussianBody, Groups):
    model_config = ConfigDict(title="Groups")


class FaqBody(RussianBody, Faq):
    model_config = ConfigDict(title="Faq")


async def _replace(request: web.Request, model: type[Doc], key: str, body: BaseModel) -> Doc:
    services = request.app[SERVICES]
    try:
        doc = merchant_settings.checked(model, body.model_dump())
    except Refused as exc:
        raise BadInput(exc.problems[0].field, exc.problems[0].message) from None
    async with services.db.transaction() as session:
        await merchant_settings.save(session, key, doc, services.clock.now())
    return doc


@api.get(
    "/api/settings/groups", "The desk's groups (saved, else the defaults)", answers={200: Groups}
)
async def get_groups(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        groups = await load_groups(session)
    return web.json_response(groups.model_dump(mode="json"))


@api.put(
    "/api/settings/groups",
    "Replace the desk's groups: members, hours, the out-of-hours reply, SLA, privacy, keywords",
    body=GroupsBody,
    answers={200: Groups},
)
async def put_groups(request: web.Request, body: GroupsBody) -> web.Response:
    doc = await _replace(request, Groups, GROUPS_KEY, body)
    return web.json_response(doc.model_dump(mode="json"))


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
    doc = await _replace(request, Faq, FAQ_KEY, body)
    return web.json_response(doc.model_dump(mode="json"))


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
    doc = await _replace(request, CannedReplies, canned.KEY, body)
    return web.json_response(doc.model_dump(mode="json"))
