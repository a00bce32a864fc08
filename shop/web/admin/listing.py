"""Lists on the merchant pages: their query read with Russian reasons, and their page links.

A page's filter comes from its query string; a wrong value is a `BadFilter` naming the field
as the merchant sees it and why, which the page shows with a 400 instead of failing deeper.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from multidict import MultiMapping

from shop.texts import t
from shop.web.validation import FIRST_DAY, LAST_DAY

PAGE_SIZE = 50
LAST_PAGE = 10_000
SEARCH_LENGTH = 60


class BadFilter(ValueError):
    """A query parameter of a list page is wrong; `field` is the parameter's name."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason

    def notice(self) -> str:
        return t("lists.bad", field=t(f"lists.field.{self.field}"), reason=self.reason)


def text(query: MultiMapping[str], name: str, most: int = SEARCH_LENGTH) -> str | None:
    """A trimmed text parameter (the first of repeats, as a form sends it); empty is none."""
    value = query.get(name, "").strip()
    if len(value) > most:
        raise BadFilter(name, t("lists.bad.long", most=most))
    return value or None


def choice(query: MultiMapping[str], name: str, allowed: Iterable[str]) -> str | None:
    value = text(query, name)
    if value is not None and value not in allowed:
        raise BadFilter(name, t("lists.bad.choice"))
    return value


def page_number(query: MultiMapping[str], name: str = "page") -> int:
    value = text(query, name) or "1"
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value[:6]) <= LAST_PAGE:
        raise BadFilter(name, t("lists.bad.page", last=LAST_PAGE))
    return int(value)


def day(query: MultiMapping[str], name: str) -> date | None:
    """A day typed as 04.12.2026 or sent by a date field as 2026-12-04."""
    value = text(query, name, most=10)
    if value is None:
        return None
    try:
        found = _dotted(value) if "." in value else date.fromisoformat(value)
    except ValueError:
        raise BadFilter(name, t("lists.bad.day")) from None
    if not FIRST_DAY <= found <= LAST_DAY:
        first, last = (d.strftime("%d.%m.%Y") for d in (FIRST_DAY, LAST_DAY))
        raise BadFilter(name, t("lists.bad.day_range", first=first, last=last))
    return found


def _dotted(value: str) -> date:
    """`04.12.2026` as Russians write a day."""
    day_, month, year = value.split(".")
    if not all(part.isascii() and part.isdigit() for part in (day_, month, year)):
        raise ValueError(value)
    return date(int(year), int(month), int(day_))


@dataclass(frozen=True)
class PageLink:
    text: str
    href: str | None  # None: the current page, or a gap
    current: bool = False


@dataclass(frozen=True)
class Paging:
    """Page `page` of `total` rows, `size` a page; links keep the list's filter."""

    page: int
    total: int
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    def links(self, kept: Mapping[str, str], name: str = "page") -> list[PageLink]:
        """First, last and two either side of the current page, with gaps between."""
        if self.pages == 1:
            return []

        def href(number: int) -> str:
            return "?" + urlencode({**{k: v for k, v in kept.items() if v}, name: str(number)})

        shown = sorted(
            {1, self.pages} | set(range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1))
        )
        links = []
        if self.page > 1:
            links.append(PageLink(t("lists.page.prev"), href(self.page - 1)))
        previous = 0
        for number in shown:
            if number > previous + 1:
                links.append(PageLink("…", None))
            current = number == self.page
            links.append(PageLink(str(number), None if current else href(number), current))
            previous = number
        if self.page < self.pages:
            links.append(PageLink(t("lists.page.next"), href(self.page + 1)))
        return links
