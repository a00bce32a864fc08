"""Merchant API: support metrics of the operator desk (`GET /api/metrics/support`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from aiohttp import web
from pydantic import BaseModel, Field

from shop.desk.groups import load_groups
from shop.desk.metrics import support_metrics
from shop.web.api.routes import ApiRoutes
from shop.web.keys import SERVICES
from shop.web.validation import QueryModel, period

api = ApiRoutes("desk")


class PeriodQuery(QueryModel):
    since: date | None = Field(default=None, description="first day (shop's zone); 7 days ago")
    until: date | None = Field(default=None, description="last day, included; today")


class Figures(BaseModel):
    opened: int
    closed: int
    frt_p50: float | None = Field(description="first response time, seconds, median")
    frt_p90: float | None
    resolution_avg: float | None = Field(description="handover to close, seconds")
    fcr: float | None = Field(description="share of closed dialogs closed without a transfer")
    sla_met: float | None = Field(description="share answered within the group's goal")
    csat: float | None = Field(
        default=None, description="the average rating (1–5) of these dialogs, given after a close"
    )
    csat_answers: int = Field(default=0, description="how many of these dialogs were rated")
    csat_high_share: float | None = Field(default=None, description="share of ratings 4 and 5")


class SupportMetrics(BaseModel):
    dialogs: int = Field(description="chats in which the shopper wrote in the period")
    bot_closed_share: float | None = Field(description="share of them no person was needed in")
    csat: float | None = Field(description="the average rating (1–5) given after a close")
    csat_answers: int
    csat_high_share: float | None = Field(
        default=None, description="share of the ratings given in the period that are 4 or 5"
    )
    groups: dict[str, Figures]
    operators: dict[str, Figures]
    days: dict[str, Figures]


@api.get(
    "/api/metrics/support",
    "The desk's response times, resolution, SLA share, CSAT and the bot's share, per group, "
    "operator and day",
    query=PeriodQuery,
    answers={200: SupportMetrics},
)
async def get_support(request: web.Request, query: PeriodQuery) -> web.Response:
    services = request.app[SERVICES]
    now = services.clock.now()
    today = now.astimezone(services.settings.zone).date()
    until = query.until or today
    since = query.since or until - timedelta(days=6)
    since, until = period(since, until)
    async with services.db.sessions() as session:
        groups = await load_groups(session)
        found = await support_metrics(session, since, until, services.settings.zone, groups, now)
    body: dict[str, Any] = {
        **found,
        **{k: {n: asdict(f) for n, f in found[k].items()} for k in ("groups", "operators", "days")},
    }
    return web.json_response(body)
