"""Merchant API: the reminders funnel of a period (`GET /api/nudges/funnel`)."""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel

from shop.web.api.routes import ApiRoutes
from shop.web.funnel import FunnelQuery, read_funnel, tally_json
from shop.web.keys import SERVICES

api = ApiRoutes("nudges")


class Counts(BaseModel):
    """Reminders of a slice at each stage; a later stage implies the earlier ones."""

    sent: int
    delivered: int
    read: int
    clicked: int
    ordered: int
    paid: int
    revenue: str
    opt_outs: int
    failures: int
    opt_outs_per_1000_delivered: str | None
    failures_per_1000_delivered: str | None


class Step(Counts):
    step: int
    template: str


class Day(Counts):
    day: str


class FunnelAnswer(BaseModel):
    """The funnel: in total, by step and template, and by local day."""

    since: str
    until: str
    total: Counts
    steps: list[Step]
    days: list[Day]


@api.get(
    "/api/nudges/funnel",
    "Reminders: sent → delivered → read → clicked → ordered → paid, revenue, opt-outs",
    query=FunnelQuery,
    answers={200: FunnelAnswer},
)
async def get_funnel(request: web.Request, query: FunnelQuery) -> web.Response:
    funnel, since, until = await read_funnel(request.app[SERVICES], query)
    return web.json_response(
        {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "total": tally_json(funnel.total),
            "steps": [
                {"step": r.step, "template": r.template, **tally_json(r.tally)} for r in funnel.rows
            ],
            "days": [{"day": d.day.isoformat(), **tally_json(d.tally)} for d in funnel.days],
        }
    )
