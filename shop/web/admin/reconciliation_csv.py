"""`/admin/reconciliation.csv`: the reconciliation page's download, signed in by the page's
session (a browser sends no bearer token, so the API's address would answer 401). The file is
the API's CSV: a Russian Excel's (BOM, `;`, decimal commas, Russian headers; `lang=en`)."""

from __future__ import annotations

from typing import Literal

from aiohttp import web
from pydantic import Field

from payments.gateway import GatewayError
from payments.reconcile_render import to_csv
from shop.access import roles
from shop.accounting.sheet import sheet_words
from shop.texts import t
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES
from shop.web.reconciliation import PeriodQuery, report_of

pages = PageRoutes()


class CsvQuery(PeriodQuery):
    lang: Literal["ru", "en"] = Field(default="ru", description="the headers' language")


@pages.get("/admin/reconciliation.csv", allow=roles.MONEY)
async def reconciliation_csv(request: web.Request) -> web.Response:
    query = CsvQuery.from_query(request.query, first_of_repeats=True)  # a 400 names the field
    days = query.period()
    try:
        report = await report_of(request.app[SERVICES], days)
    except GatewayError:
        raise web.HTTPServiceUnavailable(text=t("admin.reconcile.unavailable")) from None
    name = f"reconciliation-{days.since:%Y-%m-%d}-{days.until:%Y-%m-%d}.csv"
    return web.Response(
        text=to_csv(report, sheet_words(query.lang)),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
