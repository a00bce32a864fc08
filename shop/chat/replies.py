"""Semantic replies within WhatsApp's interactive limits; the channel renders them later."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shop.chat.ids import BUTTON_ID_LIMIT, ROW_ID_LIMIT

ELLIPSIS = "…"
TEXT_BODY = 4096
BODY = 1024
HEADER = 60
BUTTON_TITLE = 20
MAX_BUTTONS = 3
LIST_BUTTON = 20
ROW_TITLE = 24
ROW_DESCRIPTION = 72
SECTION_TITLE = 24
MAX_ROWS = 10
MAX_SECTIONS = 10
MAX_PRODUCTS = 30


def fit(text: str, limit: int) -> str:
    """Trim to `limit` characters, ending on a word with "…" when it has to cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space].rstrip(" ,.;:—-")
    return cut + ELLIPSIS


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise ValueError(f"reply breaks a WhatsApp limit: {what}")


@dataclass(frozen=True)
class TextReply:
    body: str

    def __post_init__(self) -> None:
        _check(0 < len(self.body) <= TEXT_BODY, "text body 1..4096")


@dataclass(frozen=True)
class Button:
    id: str
    title: str


@dataclass(frozen=True)
class ButtonsReply:
    body: str
    buttons: tuple[Button, ...]

    def __post_init__(self) -> None:
        _check(0 < len(self.body) <= BODY, "body 1..1024")
        _check(1 <= len(self.buttons) <= MAX_BUTTONS, "1..3 buttons")
        _check(all(0 < len(b.title) <= BUTTON_TITLE for b in self.buttons), "button title ≤20")
        _check(all(0 < len(b.id) <= BUTTON_ID_LIMIT for b in self.buttons), "button id ≤256")
        _check(len({b.title for b in self.buttons}) == len(self.buttons), "unique titles")
        _check(len({b.id for b in self.buttons}) == len(self.buttons), "unique ids")


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class ListReply:
    body: str
    button: str
    sections: tuple[Section, ...]

    def __post_init__(self) -> None:
        rows = [r for s in self.sections for r in s.rows]
        _check(0 < len(self.body) <= BODY, "body 1..1024")
        _check(0 < len(self.button) <= LIST_BUTTON, "list button ≤20")
        _check(1 <= len(self.sections) <= MAX_SECTIONS, "1..10 sections")
        _check(1 <= len(rows) <= MAX_ROWS, "1..10 rows in all sections")
        _check(all(s.rows for s in self.sections), "no empty section")
        _check(all(len(s.title) <= SECTION_TITLE for s in self.sections), "section title ≤24")
        _check(len(self.sections) == 1 or all(s.title for s in self.sections), "section titles")
        _check(all(0 < len(r.title) <= ROW_TITLE for r in rows), "row title ≤24")
        _check(all(len(r.description) <= ROW_DESCRIPTION for r in rows), "description ≤72")
        _check(all(0 < len(r.id) <= ROW_ID_LIMIT for r in rows), "row id ≤200")
        _check(len({r.id for r in rows}) == len(rows), "unique row ids")


@dataclass(frozen=True)
class ProductReply:
    retailer_id: str
    body: str = ""

    def __post_init__(self) -> None:
        _check(bool(self.retailer_id) and len(self.body) <= BODY, "product body ≤1024")


@dataclass(frozen=True)
class ProductSection:
    title: str
    retailer_ids: tuple[str, ...]


@dataclass(frozen=True)
class ProductListReply:
    header: str
    body: str
    sections: tuple[ProductSection, ...]

    @property
    def retailer_ids(self) -> tuple[str, ...]:
        return tuple(r for s in self.sections for r in s.retailer_ids)

    def __post_init__(self) -> None:
        _check(0 < len(self.header) <= HEADER, "header 1..60")
        _check(0 < len(self.body) <= BODY, "body 1..1024")
        _check(1 <= len(self.sections) <= MAX_SECTIONS, "1..10 sections")
        _check(all(s.retailer_ids for s in self.sections), "≥1 item per section")
        _check(all(0 < len(s.title) <= SECTION_TITLE for s in self.sections), "section title")
        _check(len(self.retailer_ids) <= MAX_PRODUCTS, "≤30 products")


@dataclass(frozen=True)
class CatalogReply:
    body: str
    thumbnail_retailer_id: str | None = None

    def __post_init__(self) -> None:
        _check(0 < len(self.body) <= BODY, "body 1..1024")


@dataclass(frozen=True)
class LocationReply:
    lat: Decimal
    lon: Decimal
    name: str
    address: str


Reply = (
    TextReply
    | ButtonsReply
    | ListReply
    | ProductReply
    | ProductListReply
    | CatalogReply
    | LocationReply
)
