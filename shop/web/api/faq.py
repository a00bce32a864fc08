"""Merchant API: the FAQ bot's questions and answers (`GET`/`PUT /api/settings/faq`)."""

from __future__ import annotations

from aiohttp import web
from pydantic import ConfigDict

from shop import merchant_settings
from shop.chat.faq import KEY, Faq
from shop.merchant_settings import Refused
from shop.web.api.routes import ApiRoutes
from shop.web.api.settings import RussianBody
from shop.web.keys import SERVICES
from shop.web.validation import BadInput

api = ApiRoutes("desk")


class FaqBody(RussianBody, Faq):
    model_config = ConfigDict(title="Faq")


@api.get("/api/settings/faq", "The FAQ bot's questions and answers", answers={200: Faq})
async def get_faq(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        faq = await merchant_settings.load(session, KEY, Faq) or Faq()
    return web.json_response(faq.model_dump(mode="json"))


@api.put(
    "/api/settings/faq",
    "Replace the FAQ; the chat answers from it at its next message, then asks «Это помогло?»",
    body=FaqBody,
    answers={200: Faq},
)
async def put_faq(request: web.Request, body: FaqBody) -> web.Response:
    services = request.app[SERVICES]
    try:
        doc = merchant_settings.checked(Faq, body.model_dump())
    except Refused as exc:
        raise BadInput(exc.problems[0].field, exc.problems[0].message) from None
    async with services.db.transaction() as session:
        await merchant_settings.save(session, KEY, doc, services.clock.now())
    return web.json_response(doc.model_dump(mode="json"))
