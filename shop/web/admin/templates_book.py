"""The message templates page: each template of the book in each language, its text and
buttons, and its review status in the account; the owner sends the missing ones for review."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
from aiohttp import web
from sqlalchemy import select

from shop.access import roles
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES, SETTINGS
from shop.whatsapp.graph import GraphError
from shop.whatsapp.template_book import BOOK, LANGUAGES, create_body
from shop.whatsapp.template_submit import Outcome, submit_book
from shop.whatsapp.templates import T

pages = PageRoutes()
PATH = "/admin/templates"
# Review statuses as the page colours them; any other status shows as it is, in grey.
COLOURS = {"APPROVED": "ok", "PENDING": "wait", "REJECTED": "bad", "PAUSED": "bad"}
WORDED = frozenset({*COLOURS, "DISABLED", "MISSING"})  # statuses with a word of their own


async def _statuses(request: web.Request) -> dict[tuple[str, str], str]:
    async with request.app[SERVICES].db.read_connection() as conn:
        rows = (await conn.execute(select(T.c.name, T.c.language, T.c.status))).all()
    return {(name, language): status for name, language, status in rows}


def _rows(statuses: dict[tuple[str, str], str], base_url: str) -> list[dict[str, Any]]:
    rows = []
    for item in BOOK:
        for language in LANGUAGES:
            body = create_body(item, language, base_url)
            blocks = [c["buttons"] for c in body["components"] if c["type"] == "BUTTONS"]
            buttons: list[dict[str, Any]] = blocks[0] if blocks else []
            status = statuses.get((item.name, language), "MISSING")
            rows.append(
                {
                    "name": item.name,
                    "language": language,
                    "category": item.category,
                    "text": body["components"][0]["text"],
                    "buttons": [b["text"] for b in buttons],
                    "status": status,
                    "colour": COLOURS.get(status, "none"),
                    "worded": status in WORDED,
                }
            )
    return rows


@pages.get(PATH, nav="book.page.title", allow=roles.SETTINGS_READ)
async def templates_page(request: web.Request) -> web.Response:
    base_url = request.app[SETTINGS].public_base_url
    counts = {o.value: request.query.get(o.value, "") for o in Outcome}
    context = {
        "rows": _rows(await _statuses(request), base_url),
        "report": {k: int(v) for k, v in counts.items() if v.isdigit()},
        "failed": "failed" in request.query,
    }
    return frame.render("templates_book.html", request, context)


@pages.post(PATH + "/submit")
async def submit(request: web.Request) -> web.Response:
    posted = await request.post()
    await frame.check_csrf(request, str(posted.get("csrf", "")))
    services = request.app[SERVICES]
    try:
        results = await submit_book(
            services.db,
            services.whatsapp.graph,
            base_url=request.app[SETTINGS].public_base_url,
            now=services.clock.now(),
        )
    except (GraphError, httpx.HTTPError):
        raise web.HTTPSeeOther(f"{PATH}?failed=1") from None
    counts = {o.value: str(sum(1 for r in results if r.outcome is o)) for o in Outcome}
    raise web.HTTPSeeOther(f"{PATH}?{urlencode(counts)}")
