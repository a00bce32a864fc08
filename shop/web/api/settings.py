"""Merchant API: the shop's settings documents (`/api/settings/shop`, `…/delivery`,
`…/reminders`, `…/languages`).

A PUT replaces the whole document in one transaction; a refused one names the first wrong
field's path and says why in Russian, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Self

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.delivery.options import delivery_document
from shop.delivery.settings import KEY as DELIVERY_KEY
from shop.delivery.settings import DeliverySettings
from shop.merchant_settings import Refused, problem_of
from shop.reminders.document import ReminderSettings, current, save_reminders
from shop.shop_profile import languages
from shop.shop_profile.languages import ShopLanguages
from shop.shop_profile.model import KEY as PROFILE_KEY
from shop.shop_profile.model import ShopProfile, load_profile
from shop.web.api.routes import ApiRoutes
from shop.web.keys import SERVICES
from shop.web.validation import BadInput

api = ApiRoutes("settings")


class RussianBody(BaseModel):
    """A body whose refusal is worded for the merchant: the field's path and why, in Russian."""

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        try:
            return super().model_validate_json(json_data, **kwargs)
        except ValidationError as exc:
            first = problem_of(exc.errors(include_input=False, include_url=False)[0])
            raise BadInput(first.field, first.message) from None


class ShopBody(RussianBody, ShopProfile):
    model_config = ConfigDict(title="ShopProfile")


class DeliveryBody(RussianBody, DeliverySettings):
    model_config = ConfigDict(title="DeliverySettings")


class RemindersBody(RussianBody, ReminderSettings):
    model_config = ConfigDict(title="ReminderSettings")


class LanguagesBody(RussianBody, ShopLanguages):
    model_config = ConfigDict(title="ShopLanguages")


def _json(doc: BaseModel) -> web.Response:
    return web.json_response(doc.model_dump(mode="json"))


Store = Callable[[AsyncSession, Any, datetime], Awaitable[None]]


def keyed(key: str) -> Store:
    """Store the document under its `merchant_setting` key."""

    async def store(session: AsyncSession, doc: Any, now: datetime) -> None:
        await merchant_settings.save(session, key, doc, now)

    return store


async def replace_document(
    request: web.Request, model: type[BaseModel], body: BaseModel, store: Store
) -> web.Response:
    """Check the whole document, then store it in one transaction (or nothing); every
    settings document's PUT answers through here."""
    services = request.app[SERVICES]
    try:
        doc = merchant_settings.checked(model, body.model_dump())
    except Refused as exc:
        first = exc.problems[0]
        raise BadInput(first.field, first.message) from None
    try:
        async with services.db.transaction() as session:
            await store(session, doc, services.clock.now())
    except Refused as exc:  # a check against what is stored (a currency still in use)
        first = exc.problems[0]
        raise BadInput(first.field, first.message) from None
    return _json(doc)


@api.get("/api/settings/shop", "The shop's profile", answers={200: ShopProfile})
async def get_shop(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        profile = await load_profile(session)
    return _json(profile or ShopProfile.model_construct(name=""))


@api.put(
    "/api/settings/shop",
    "Replace the shop's profile (shown on the order page)",
    body=ShopBody,
    answers={200: ShopProfile},
)
async def put_shop(request: web.Request, body: ShopBody) -> web.Response:
    return await replace_document(request, ShopProfile, body, keyed(PROFILE_KEY))


@api.get(
    "/api/settings/delivery",
    "Delivery options and pickup points: the saved ones, else what the chat offers now",
    answers={200: DeliverySettings},
)
async def get_delivery(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        shop, _ = await languages.current(session, services.settings.shop_currency)
        doc, _ = await delivery_document(
            session, sandbox=services.settings.sandbox, currency=shop.currency
        )
    return _json(doc)


@api.put(
    "/api/settings/delivery",
    "Replace the delivery options; the next checkout of every process offers them",
    body=DeliveryBody,
    answers={200: DeliverySettings},
)
async def put_delivery(request: web.Request, body: DeliveryBody) -> web.Response:
    return await replace_document(request, DeliverySettings, body, keyed(DELIVERY_KEY))


@api.get(
    "/api/settings/reminders",
    "Reminder steps, quiet hours, the monthly cap and the guard's thresholds in force",
    answers={200: ReminderSettings},
)
async def get_reminders(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        doc, _ = await current(session, services.settings)
    return _json(doc)


@api.put(
    "/api/settings/reminders",
    "Replace the reminder settings; the scheduler's next run follows them",
    body=RemindersBody,
    answers={200: ReminderSettings},
)
async def put_reminders(request: web.Request, body: RemindersBody) -> web.Response:
    return await replace_document(request, ReminderSettings, body, save_reminders)


@api.get(
    "/api/settings/languages",
    "The shop's currency (SHOP_CURRENCY until saved) and the languages its chat speaks",
    answers={200: ShopLanguages},
)
async def get_languages(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        doc, _ = await languages.current(session, services.settings.shop_currency)
    return _json(doc)


@api.put(
    "/api/settings/languages",
    "Replace the currency and languages; refused (field currency) while products or open "
    "orders are priced in the old currency",
    body=LanguagesBody,
    answers={200: ShopLanguages},
)
async def put_languages(request: web.Request, body: LanguagesBody) -> web.Response:
    env_currency = request.app[SERVICES].settings.shop_currency

    async def store(session: AsyncSession, doc: ShopLanguages, now: datetime) -> None:
        await languages.save_languages(session, doc, now, env_currency=env_currency)

    return await replace_document(request, ShopLanguages, body, store)
