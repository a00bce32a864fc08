"""Merchant API: the tax settings (`GET`/`PUT /api/settings/taxes`).

The document sets every receipt's defaults, who registers receipts and whether shoppers may
pay on delivery; a PUT replaces it whole in one transaction, or names the wrong field.
"""

from __future__ import annotations

from aiohttp import web
from pydantic import ConfigDict

from shop.taxes.settings import KEY, TaxSettings, load_taxes
from shop.web.api.routes import ApiRoutes
from shop.web.api.settings import RussianBody, keyed, replace_document
from shop.web.keys import SERVICES

api = ApiRoutes("settings")


class TaxBody(RussianBody, TaxSettings):
    model_config = ConfigDict(title="TaxSettings")


@api.get(
    "/api/settings/taxes",
    "Receipt defaults (tax system, VAT, payment subject and mode), receipts, pay on delivery",
    answers={200: TaxSettings},
)
async def get_taxes(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        doc = await load_taxes(session)
    return web.json_response(doc.model_dump(mode="json"))


@api.put(
    "/api/settings/taxes",
    "Replace the tax settings; the next payment and checkout of every process use them",
    body=TaxBody,
    answers={200: TaxSettings},
)
async def put_taxes(request: web.Request, body: TaxBody) -> web.Response:
    return await replace_document(request, TaxSettings, body, keyed(KEY))
