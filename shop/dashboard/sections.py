"""How the dashboard's figures read on the page (pure): sections of figures, each with its
words, its link to the list it summarises and the roles that may see it (money is for the
owner and the accountant only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from catalog.money import Money
from shop.access import roles
from shop.access.roles import Roles
from shop.dashboard.figures import CatalogState, Pair, Queues, Reminders, Sales, Waiting, Window
from shop.texts import format_money, t


@dataclass(frozen=True)
class Figure:
    key: str  # its label's text key; also the element's id on the page
    today: str | None = None  # None: a figure of now, shown in `now`
    week: str | None = None
    now: str | None = None
    note: str = ""
    href: str | None = None
    roles: Roles = roles.EVERYONE
    alert: bool = False  # something to look at (shown red)


@dataclass(frozen=True)
class Section:
    key: str  # its heading's text key
    figures: tuple[Figure, ...]  # a figure of now spans both periods' columns


def money(by_currency: Mapping[str, Pair], currency: str) -> tuple[str, str]:
    """Today's and the week's sums, `1 299,00 ₽` each (several currencies joined with +)."""
    shown = dict(by_currency) or {currency: Pair()}

    def joined(pick: str) -> str:
        return " + ".join(
            format_money(Money.from_minor(getattr(p, pick), c), "ru")
            for c, p in sorted(shown.items())
        )

    return joined("today"), joined("week")


def share(part: int, whole: int) -> str:
    """`67 %` (whole per cent, half up); `—` with nothing to share."""
    if not whole:
        return t("dashboard.none")
    percent = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{percent}\u00a0%"


def orders_link(w: Window, first: date) -> str:
    return "/admin/orders?" + urlencode({"since": first.isoformat(), "until": w.today.isoformat()})


def sales_section(s: Sales, w: Window, currency: str) -> Section:
    today_money, week_money = money(s.revenue, currency)
    reconcile = "/admin/reconciliation?" + urlencode(
        {"since": w.first_day.isoformat(), "until": w.today.isoformat()}
    )
    return Section(
        "dashboard.sales",
        (
            Figure(
                "dashboard.orders",
                str(s.placed.today),
                str(s.placed.week),
                href=orders_link(w, w.first_day),
            ),
            Figure("dashboard.paid", str(s.paid.today), str(s.paid.week)),
            Figure(
                "dashboard.paid_share",
                share(s.paid.today, s.placed.today),
                share(s.paid.week, s.placed.week),
            ),
            Figure(
                "dashboard.revenue",
                today_money,
                week_money,
                note=t("dashboard.revenue.help"),
                href=reconcile,
                roles=roles.MONEY,
            ),
            Figure(
                "dashboard.discounts",
                *money(s.discounts, currency),
                note=t("dashboard.discounts.help"),
                href="/admin/promo-codes",
                roles=roles.MONEY,
            ),
        ),
    )


def reminders_section(r: Reminders, currency: str) -> Section:
    today_money, week_money = money(r.recovered, currency)
    return Section(
        "dashboard.reminders",
        (
            Figure(
                "dashboard.reminders.sent",
                str(r.sent.today),
                str(r.sent.week),
                href="/admin/nudges",
            ),
            Figure(
                "dashboard.reminders.recovered",
                today_money,
                week_money,
                note=t("dashboard.reminders.recovered.help"),
                href="/admin/nudges",  # the funnel, with each step's revenue
                roles=roles.MONEY,
            ),
        ),
    )


def count_now(
    key: str,
    n: int,
    href: str,
    *,
    alarming: bool = True,
    note: str = "",
    who: Roles = roles.EVERYONE,
) -> Figure:
    """A count of now, shown red when above zero if `alarming`."""
    return Figure(key, now=str(n), note=note, href=href, roles=who, alert=alarming and n > 0)


def now_section(
    waiting: Waiting, catalog: CatalogState, shown: Callable[[datetime | None], str]
) -> Section:
    note = t("dashboard.chats_waiting.since", when=shown(waiting.oldest)) if waiting.oldest else ""
    return Section(
        "dashboard.now",
        (
            count_now(
                "dashboard.chats_waiting", waiting.chats, "/admin/chats", note=note, who=roles.CHATS
            ),
            count_now("dashboard.sync_errors", catalog.errors, "/admin/catalog?state=error"),
            count_now(
                "dashboard.sync_pending",
                catalog.pending,
                "/admin/catalog?state=pending",
                alarming=False,
            ),
        ),
    )


def queues_section(q: Queues, shown: Callable[[datetime | None], str]) -> Section:
    note = t("dashboard.inbox_backlog.since", when=shown(q.oldest)) if q.oldest else ""
    failed = q.failed_sends
    return Section(
        "dashboard.queues",
        (
            count_now(
                "dashboard.inbox_backlog", q.backlog, "/admin/inbox", alarming=False, note=note
            ),
            count_now("dashboard.inbox_failing", q.failing, "/admin/inbox"),
            count_now("dashboard.dead_letters", q.dead_letters, "/admin/inbox"),
            Figure(
                "dashboard.failed_sends",
                str(failed.today),
                str(failed.week),
                alert=failed.today > 0,
            ),
        ),
    )


def visible(
    sections: Iterable[Section], role: str, may_open: Callable[[str], bool]
) -> list[Section]:
    """What a role sees: figures its role may read, linked only to lists it may open (a
    section left empty is dropped)."""
    shown = []
    for section in sections:
        kept = tuple(
            replace(f, href=f.href if f.href and may_open(f.href.split("?")[0]) else None)
            for f in section.figures
            if role in f.roles
        )
        if kept:
            shown.append(replace(section, figures=kept))
    return shown
