"""Merchant API: promo codes (`GET`/`POST /api/promo-codes`, `PATCH`/`DELETE …/{code}`).

A refused code names its field and says why in Russian: 400 when the body is not the model's
shape, 422 when a value breaks a rule, 404 for an unknown code, 409 for a code that exists.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.promo import manage
from shop.promo.manage import PromoRefused
from shop.promo.model import PromoInput, PromoPatch, PromoState
from shop.promo.tables import PromoCode
from shop.shop_profile.languages import current as shop_languages
from shop.web.api.answers import ApiError
from shop.web.api.routes import ApiRoutes
from shop.web.api.settings import RussianBody
from shop.web.keys import SERVICES
from shop.web.validation import QueryModel

api = ApiRoutes("promo codes")
CODE_PATH = "/api/promo-codes/{code}"


class PromoBody(RussianBody, PromoInput):
    model_config = ConfigDict(extra="forbid", title="PromoCodeInput")


class PatchBody(RussianBody, PromoPatch):
    model_config = ConfigDict(extra="forbid", title="PromoCodePatch")


class PromoQuery(QueryModel):
    search: str = Field(default="", max_length=32, description="codes containing this text")
    state: PromoState | None = Field(default=None, description="only codes in this state")
    limit: int = Field(default=50, ge=1, le=500, description="page size")
    offset: int = Field(default=0, ge=0, description="rows to skip")


class PromoOut(BaseModel):
    """A code with its terms, uses and state."""

    code: str = Field(examples=["SUMMER10"])
    kind: str = Field(examples=["percent"])
    percent: int | None
    amount: str | None = Field(examples=["150.00"])
    min_total: str = Field(examples=["1000.00"])
    currency: str
    starts_at: datetime | None
    ends_at: datetime | None
    total_limit: int | None
    per_shopper_limit: int | None
    first_order_only: bool
    used: int
    state: PromoState
    created_at: datetime


class PromoList(BaseModel):
    items: list[PromoOut]
    total: int


def _money(minor: int | None) -> str | None:
    return None if minor is None else f"{Decimal(minor) / 100:.2f}"


def out(row: PromoCode | Any, now: datetime) -> dict[str, Any]:
    return PromoOut(
        code=row.code,
        kind=row.kind,
        percent=row.percent,
        amount=_money(row.amount_minor),
        min_total=_money(row.min_total_minor) or "0.00",
        currency=row.currency,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        total_limit=row.total_limit,
        per_shopper_limit=row.per_shopper_limit,
        first_order_only=row.first_order_only,
        used=row.used_count,
        state=manage.state_of_row(row, now),
        created_at=row.created_at,
    ).model_dump(mode="json")


def refused(exc: PromoRefused) -> web.Response:
    error = {404: "not_found", 409: "conflict"}.get(exc.status, "invalid")
    body = {"error": error, "field": exc.field, "message": exc.message}
    return web.json_response(body, status=exc.status)


@api.get(
    "/api/promo-codes", "Promo codes, newest first", query=PromoQuery, answers={200: PromoList}
)
async def list_codes(request: web.Request, query: PromoQuery) -> web.Response:
    services = request.app[SERVICES]
    now = services.clock.now()
    async with services.db.sessions() as session:
        page = await manage.listing(
            session,
            search=query.search,
            state=query.state,
            offset=query.offset,
            limit=query.limit,
            now=now,
        )
    items = [out(row, now) for row in page.rows]
    return web.json_response({"items": items, "total": page.total})


@api.post(
    "/api/promo-codes",
    "Create a promo code",
    body=PromoBody,
    answers={201: PromoOut, 409: ApiError, 422: ApiError},
)
async def create_code(request: web.Request, body: PromoBody) -> web.Response:
    services = request.app[SERVICES]
    now = services.clock.now()
    try:
        doc = manage.validated(body.model_dump())
        async with services.db.transaction() as session:
            shop, _ = await shop_languages(session, services.settings.shop_currency)
            row = await manage.create(session, doc, now, currency=shop.currency)
    except PromoRefused as exc:
        return refused(exc)
    return web.json_response(out(row, now), status=201)


@api.route(
    "PATCH",
    CODE_PATH,
    "Change a promo code's terms, or switch it off or on (`disabled`)",
    body=PatchBody,
    answers={200: PromoOut, 404: ApiError, 422: ApiError},
)
async def patch_code(request: web.Request, body: PatchBody) -> web.Response:
    return await _on_code(
        request, lambda session, code, now: manage.change(session, code, body, now)
    )


@api.route(
    "DELETE",
    CODE_PATH,
    "Switch a promo code off (its uses stay in the books)",
    answers={200: PromoOut, 404: ApiError},
)
async def delete_code(request: web.Request) -> web.Response:
    return await _on_code(request, manage.disable)


Change = Callable[[AsyncSession, str, datetime], Awaitable[PromoCode]]


async def _on_code(request: web.Request, change: Change) -> web.Response:
    """One change of the code in the path, in one transaction; a refusal changes nothing."""
    services = request.app[SERVICES]
    now = services.clock.now()
    try:
        async with services.db.transaction() as session:
            row = await change(session, request.match_info["code"], now)
            answer = out(row, now)
    except PromoRefused as exc:
        return refused(exc)
    return web.json_response(answer)
