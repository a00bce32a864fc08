"""The merchant's orders list: its filter read from the query, and its rows as people read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from multidict import MultiMapping
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.orders.model import OrderStatus
from shop.orders.queries import OrderFilter, count_orders, find_orders, number_of, phone_patterns
from shop.orders.tables import ShopOrder
from shop.texts import t
from shop.web.admin import listing, show
from shop.web.admin.listing import BadFilter, Paging

STATUSES = tuple(s.value for s in OrderStatus)


@dataclass(frozen=True)
class OrdersAsked:
    """What the merchant asked the list for, as typed (to refill the form and page links)."""

    where: OrderFilter
    page: int
    form: dict[str, str]


def asked(query: MultiMapping[str], zone: tzinfo) -> OrdersAsked:
    """The list's filter from its query; days are the shop's days (`until` included)."""
    status = listing.choice(query, "status", STATUSES)
    since, until = listing.day(query, "since"), listing.day(query, "until")
    if since and until and until < since:
        raise BadFilter("until", t("lists.bad.until_before"))
    search = listing.text(query, "q")
    if search and number_of(search) is None and not phone_patterns(search):
        raise BadFilter("q", t("lists.bad.search"))
    where = OrderFilter(
        status=status,
        since=_start(since, zone) if since else None,
        until=_start(until + timedelta(days=1), zone) if until else None,
        search=search,
    )
    form = {
        "q": search or "",
        "status": status or "",
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
    }
    return OrdersAsked(where, listing.page_number(query), form)


def _start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(UTC)


async def orders_list(session: AsyncSession, wanted: OrdersAsked) -> dict[str, Any]:
    """The page's rows and paging for what was asked."""
    total = await count_orders(session, wanted.where)
    paging = Paging(wanted.page, total)
    found = await find_orders(session, wanted.where, limit=paging.size, offset=paging.offset)
    return {
        "orders": [row(order, name) for order, name in found],
        "total": total,
        "paging": paging,
        "page_links": paging.links(wanted.form),
    }


def row(order: ShopOrder, name: str | None) -> dict[str, Any]:
    return {
        "id": order.id,
        "number": order.number,
        "status": order.status,
        "review_reason": order.review_reason,
        "name": name,
        "phone": show.phone(order.wa_id),
        "total": show.minor_money(order.total_minor, order.currency),
        "created_at": order.created_at,
        "paid_at": order.paid_at,
    }


NOTHING: dict[str, Any] = {"orders": [], "total": 0, "page_links": [], "dead_notifications": []}


def empty_form(query: MultiMapping[str]) -> dict[str, str]:
    """The form refilled with what was typed, cut to a sane length, after a refused filter."""
    return {name: query.get(name, "")[: listing.SEARCH_LENGTH] for name in FORM_FIELDS}


FORM_FIELDS = ("q", "status", "since", "until")
