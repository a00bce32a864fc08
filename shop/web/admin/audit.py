"""`/admin/audit`: the audit log, newest first, a page at a time (owner and accountant)."""

from __future__ import annotations

import math
from typing import Any

from aiohttp import web

from shop.access import audit, roles
from shop.access.tables import AuditEvent
from shop.texts import CATALOGUE, t
from shop.web.admin import audit_words, frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES

pages = PageRoutes()
PER_PAGE = 50


def _word(prefix: str, code: str) -> str:
    """The catalogue's word for a known code; an unknown one (a new action, a staff name)
    as it is."""
    key = f"{prefix}.{code}"
    return t(key) if key in CATALOGUE["ru"] else code


def shown(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at,
        "actor_shown": _word("staff.actor", event.actor),
        "action_shown": _word("staff.action", event.action),
        "subject": audit_words.subject(event.subject),
        "detail": audit_words.detail(event.action, event.subject, event.detail),
    }


def page_number(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except ValueError:
        return 1


@pages.get("/admin/audit", nav="staff.audit.title", allow=roles.MONEY)
async def audit_page(request: web.Request) -> web.Response:
    page = page_number(request.query.get("page"))
    events, total = await audit.latest(
        request.app[SERVICES].db, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    context = {
        "events": [shown(event) for event in events],
        "page": page,
        "pages": max(1, math.ceil(total / PER_PAGE)),
    }
    return frame.render("audit.html", request, context)
