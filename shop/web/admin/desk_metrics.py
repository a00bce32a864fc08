"""The desk's metrics page, `/admin/chats/metrics`: the figures of `GET /api/metrics/support`
for a period of the shop's days — overall (dialogs, the bot's share, CSAT) and per group,
operator and day — in the merchant's words and units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from aiohttp import web

from shop.access import roles
from shop.desk.groups import Groups, load_groups
from shop.desk.metrics import Figures, support_metrics
from shop.texts import t
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES
from shop.web.validation import BadInput, period

pages = PageRoutes()
NBSP = "\u00a0"
DEFAULT_DAYS = 7


def duration(seconds: float | None) -> str:
    """`45` → «45 с», `200` → «3 мин 20 с», `3900` → «1 ч 05 мин»; none is «—»."""
    if seconds is None:
        return "—"
    whole = round(seconds)
    if whole < 60:
        return t("desk.metrics.s", s=whole)
    if whole < 3600:
        return t("desk.metrics.min_s", m=whole // 60, s=f"{whole % 60:02d}")
    return t("desk.metrics.h_min", h=whole // 3600, m=f"{whole % 3600 // 60:02d}")


def share(value: float | None) -> str:
    """`0.75` → «75 %»; none is «—»."""
    return "—" if value is None else f"{round(value * 100)}{NBSP}%"


def score(value: float | None) -> str:
    """`4.5` → «4,5»; none is «—»."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Row:
    """One group's, operator's or day's figures, written for the page."""

    name: str
    opened: int
    closed: int
    frt_p50: str
    frt_p90: str
    resolution: str
    fcr: str
    sla: str
    csat: str
    csat_answers: int
    csat_high: str


def row(name: str, f: Figures) -> Row:
    return Row(
        name,
        f.opened,
        f.closed,
        duration(f.frt_p50),
        duration(f.frt_p90),
        duration(f.resolution_avg),
        share(f.fcr),
        share(f.sla_met),
        score(f.csat),
        f.csat_answers,
        share(f.csat_high_share),
    )


def _name(kind: str, key: str, groups: Groups) -> str:
    if kind == "groups":
        group = groups.get(key)
        return group.title if group is not None else key
    if kind == "days":
        return date.fromisoformat(key).strftime("%d.%m.%Y")
    return key


def _days(request: web.Request, today: date) -> tuple[date, date, str | None]:
    """The period asked for; a date that does not read, or a wrong period, is the last seven
    days with a notice saying why."""
    first = today - timedelta(days=DEFAULT_DAYS - 1)
    days = {"since": first, "until": today}
    for name in days:
        typed = request.query.get(name) or ""
        try:
            days[name] = date.fromisoformat(typed) if typed else days[name]
        except ValueError:
            field = t(f"admin.{name}")
            return first, today, t("desk.metrics.bad_date", field=field, typed=typed[:20])
    try:
        since, until = period(days["since"], days["until"])
    except BadInput:
        return first, today, t("desk.metrics.bad_period")
    return since, until, None


@pages.get("/admin/chats/metrics", allow=roles.CHATS | roles.SETTINGS_READ)
async def metrics_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    zone, now = services.settings.zone, services.clock.now()
    since, until, notice = _days(request, now.astimezone(zone).date())
    async with services.db.sessions() as session:
        groups = await load_groups(session)
        found = await support_metrics(session, since, until, zone, groups, now)
    tables = {
        kind: [row(_name(kind, key, groups), f) for key, f in found[kind].items()]
        for kind in ("groups", "operators", "days")
    }
    context = {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "notice": notice,
        "dialogs": found["dialogs"],
        "bot_share": share(found["bot_closed_share"]),
        "csat": score(found["csat"]),
        "csat_answers": found["csat_answers"],
        "csat_high": share(found["csat_high_share"]),
        "tables": tables,
    }
    return frame.render("desk_metrics.html", request, context, status=400 if notice else 200)
