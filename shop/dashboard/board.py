"""The dashboard as a whole: its figure groups read in turn on one connection, then its
banners. A feature adds a group of its own figures by appending to `GROUPS` (a statement that
reads them, and a pure function that shows them as a `Section`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from shop.dashboard import figures, queries, sections
from shop.dashboard.banners import Banner, banners
from shop.dashboard.figures import Window
from shop.dashboard.sections import Section
from shop.doctor.probes import DatabaseBooks
from shop.doctor.templates import SENT_BY_EVENTS
from shop.settings import Settings
from shop.shop_profile.languages import current as shop_languages
from shop.storage.db import Database


@dataclass(frozen=True)
class View:
    """What showing a group needs besides its figures."""

    window: Window
    currency: str
    shown: Callable[[datetime | None], str]  # a moment as the pages write it


@dataclass(frozen=True)
class Group:
    load: Callable[[AsyncConnection, Window], Awaitable[Any]]
    show: Callable[[Any, View], Section]


async def _now(conn: AsyncConnection, w: Window) -> tuple[figures.Waiting, figures.CatalogState]:
    return await queries.waiting(conn), await queries.catalog_state(conn)


async def _reminders(conn: AsyncConnection, w: Window) -> figures.Reminders:
    return figures.reminders(await queries.nudge_results(conn, w), w)


GROUPS: list[Group] = [
    Group(queries.sales, lambda s, v: sections.sales_section(s, v.window, v.currency)),
    Group(_reminders, lambda r, v: sections.reminders_section(r, v.currency)),
    Group(_now, lambda pair, v: sections.now_section(pair[0], pair[1], v.shown)),
    Group(queries.queues, lambda q, v: sections.queues_section(q, v.shown)),
]


@dataclass(frozen=True)
class Board:
    window: Window
    sections: list[Section]
    banners: list[Banner]


async def needed_templates(db: Database, settings: Settings) -> tuple[str, ...]:
    """Every template Vitrina sends now, as `shop doctor` checks them: those sent on an
    order's or a chat's events, and each reminder step's."""
    steps = await DatabaseBooks(db, settings).reminder_steps()
    names = [*(spec.name for spec in SENT_BY_EVENTS), *(step.template for step in steps)]
    return tuple(dict.fromkeys(names))


async def board(
    db: Database,
    settings: Settings,
    now: datetime,
    shown: Callable[[datetime | None], str],
    groups: Sequence[Group] | None = None,
) -> Board:
    w = figures.window(now, settings.zone)
    async with db.sessions() as session:  # the languages page's currency, else SHOP_CURRENCY
        shop, _ = await shop_languages(session, settings.shop_currency)
    view = View(w, shop.currency, shown)
    needed = await needed_templates(db, settings)
    shown_sections = []
    async with db.read_connection() as conn:
        for group in GROUPS if groups is None else groups:
            shown_sections.append(group.show(await group.load(conn, w), view))
        snapshot = await queries.snapshot(conn, now=now, sandbox=settings.sandbox, needed=needed)
    return Board(w, shown_sections, banners(snapshot))
