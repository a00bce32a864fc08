"""Typed button and list-row ids, packed and unpacked by one helper with WhatsApp's limits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, TypeVar, get_type_hints

from shop.whatsapp import messages

BUTTON_ID_LIMIT = messages.BUTTON_ID  # a reply button's id
ROW_ID_LIMIT = messages.ROW_ID  # a list row's id
SEP = "|"
ESC = "\\"


class IdTooLong(ValueError):
    """The packed id does not fit the limit of the message it is meant for."""


@dataclass(frozen=True)
class Action:
    """Base of every typed id; subclasses name a short `tag` and typed fields."""

    tag: ClassVar[str] = ""


_REGISTRY: dict[str, type[Action]] = {}
A = TypeVar("A", bound=type[Action])


def action(tag: str) -> Callable[[A], A]:
    """Class decorator: a frozen dataclass registered under its short tag."""

    def register(cls: A) -> A:
        if tag in _REGISTRY or not tag or SEP in tag or ESC in tag:
            raise ValueError(f"bad or duplicate action tag {tag!r}")
        cls.tag = tag
        _REGISTRY[tag] = cls
        return cls

    return register


def _escape(value: str) -> str:
    return value.replace(ESC, ESC + ESC).replace(SEP, ESC + SEP)


def _split(text: str) -> list[str]:
    """Split on unescaped separators, undoing the escapes."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == ESC:
            current.append(next(chars, ""))
        elif char == SEP:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _dump(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return _escape(str(value))


def pack(act: Action, limit: int = BUTTON_ID_LIMIT) -> str:
    """`Add(sku="A1", qty=1)` → `add|A1|1`; raises IdTooLong beyond `limit` characters."""
    fields = [_dump(getattr(act, f.name)) for f in dataclasses.fields(act)]
    packed = SEP.join([act.tag, *fields])
    if len(packed) > limit:
        raise IdTooLong(f"{act.tag} id is {len(packed)} characters, limit {limit}")
    return packed


def _load(raw: str, kind: Any) -> object:
    if kind is bool:
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"
    if kind is int:
        if not raw.isascii() or not raw.lstrip("-").isdigit():
            raise ValueError(raw)
        return int(raw)
    return raw


@cache
def _fields(tag: str) -> tuple[tuple[str, Any], ...]:
    """The fields of a tag's action and their types, in order (resolved once per tag)."""
    cls = _REGISTRY[tag]
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def unpack(text: str) -> Action | None:
    """The typed action of an id, or None for anything unknown, malformed or too long."""
    if not text or len(text) > BUTTON_ID_LIMIT:
        return None
    tag, *raw = _split(text)
    cls = _REGISTRY.get(tag)
    if cls is None:
        return None
    fields = _fields(tag)
    if len(raw) != len(fields):
        return None
    try:
        values = {name: _load(r, hint) for (name, hint), r in zip(fields, raw, strict=True)}
    except ValueError:
        return None
    return cls(**values)


# The vocabulary of our buttons and rows. Tags are short: ids travel in every tap.


@action("menu")
@dataclass(frozen=True)
class Menu(Action):
    pass


@action("cats")
@dataclass(frozen=True)
class Categories(Action):
    page: int = 0


@action("cat")
@dataclass(frozen=True)
class CategoryPage(Action):
    category: str
    page: int = 0


@action("all")
@dataclass(frozen=True)
class WholeCatalog(Action):
    pass


@action("find")
@dataclass(frozen=True)
class StartSearch(Action):
    pass


@action("more")
@dataclass(frozen=True)
class SearchPage(Action):
    page: int


@action("prod")
@dataclass(frozen=True)
class ShowProduct(Action):
    sku: str


@action("add")
@dataclass(frozen=True)
class Add(Action):
    sku: str
    qty: int = 1


@action("qty")
@dataclass(frozen=True)
class SetQty(Action):
    sku: str
    qty: int


@action("line")
@dataclass(frozen=True)
class EditLine(Action):
    sku: str


@action("rm")
@dataclass(frozen=True)
class Remove(Action):
    sku: str


@action("cart")
@dataclass(frozen=True)
class ViewCart(Action):
    pass


@action("edit")
@dataclass(frozen=True)
class EditCart(Action):
    page: int = 0


@action("clear")
@dataclass(frozen=True)
class Clear(Action):
    pass


@action("checkout")
@dataclass(frozen=True)
class Checkout(Action):
    pass


@action("dlv")
@dataclass(frozen=True)
class Delivery(Action):
    option: str


@action("points")
@dataclass(frozen=True)
class PickupPage(Action):
    page: int


@action("pick")
@dataclass(frozen=True)
class Pickup(Action):
    point: str


@action("phone")
@dataclass(frozen=True)
class ContactPhone(Action):
    pass


@action("email")
@dataclass(frozen=True)
class ContactEmail(Action):
    pass


@action("ok")
@dataclass(frozen=True)
class Confirm(Action):
    pass


@action("pay")
@dataclass(frozen=True)
class PayWay(Action):
    on_delivery: bool  # False: online by the link


@action("cancel")
@dataclass(frozen=True)
class CancelCheckout(Action):
    pass


@action("orders")
@dataclass(frozen=True)
class MyOrders(Action):
    pass


@action("human")
@dataclass(frozen=True)
class Operator(Action):
    pass


@action("about")
@dataclass(frozen=True)
class AboutShop(Action):
    pass


@action("csat")
@dataclass(frozen=True)
class Csat(Action):
    score: int  # 1 (bad) to 5 (excellent): the shopper's rating after a person closed the chat


@action("faq")
@dataclass(frozen=True)
class FaqHelped(Action):
    """«Это помогло?» — «Да» after a FAQ answer."""


@action("news")
@dataclass(frozen=True)
class AskConsent(Action):
    pass


@action("consent")
@dataclass(frozen=True)
class ConsentAnswer(Action):
    granted: bool
    source: str


@action("lang")
@dataclass(frozen=True)
class Language(Action):
    code: str  # a locale of shop.texts: "ru" or "en"


# «Вернуть товар» from «Мои заказы» (shop/chat/returns.py).
@action("ret")
@dataclass(frozen=True)
class ReturnStart(Action):
    pass


@action("reto")
@dataclass(frozen=True)
class ReturnOrder(Action):
    order: int
    number: str


@action("retr")
@dataclass(frozen=True)
class ReturnReason(Action):
    order: int
    code: str
