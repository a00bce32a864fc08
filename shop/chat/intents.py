"""Typed inbound intents and a pure parser from Meta's `messages[]` item to an intent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar


@dataclass(frozen=True)
class Intent:
    """What the shopper did, independent of how WhatsApp shaped it."""

    kind: ClassVar[str] = ""


@dataclass(frozen=True)
class Text(Intent):
    kind: ClassVar[str] = "text"
    body: str
    referred_product: str | None = None


@dataclass(frozen=True)
class ButtonTap(Intent):
    kind: ClassVar[str] = "button"
    payload: str


@dataclass(frozen=True)
class ListPick(Intent):
    kind: ClassVar[str] = "list"
    payload: str


@dataclass(frozen=True)
class TemplateButton(Intent):
    kind: ClassVar[str] = "template_button"
    payload: str


@dataclass(frozen=True)
class CartItem:
    retailer_id: str
    quantity: int
    price_seen: Decimal
    currency: str


@dataclass(frozen=True)
class CartSent(Intent):
    kind: ClassVar[str] = "cart"
    items: tuple[CartItem, ...]
    note: str = ""


@dataclass(frozen=True)
class LocationShared(Intent):
    kind: ClassVar[str] = "location"
    lat: Decimal
    lon: Decimal
    name: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class MediaSent(Intent):
    kind: ClassVar[str] = "media"
    media_type: str
    caption: str | None = None


@dataclass(frozen=True)
class Unsupported(Intent):
    kind: ClassVar[str] = "unsupported"
    message_type: str


INTENT_KINDS: tuple[type[Intent], ...] = (
    Text,
    ButtonTap,
    ListPick,
    TemplateButton,
    CartSent,
    LocationShared,
    MediaSent,
    Unsupported,
)
MEDIA_TYPES = frozenset({"image", "video", "audio", "document", "sticker"})


def _obj(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _decimal(value: object) -> Decimal | None:
    """JSON numbers may arrive as float; str() keeps the digits the sender wrote."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _text(item: Mapping[str, Any]) -> Intent:
    body = _str(_obj(item.get("text")).get("body"))
    if body is None:
        return Unsupported("text")
    referred = _obj(_obj(item.get("context")).get("referred_product"))
    return Text(body, _str(referred.get("product_retailer_id")))


def _interactive(item: Mapping[str, Any]) -> Intent:
    inner = _obj(item.get("interactive"))
    kind = inner.get("type")
    if kind == "button_reply":
        payload = _str(_obj(inner.get("button_reply")).get("id"))
        return ButtonTap(payload) if payload is not None else Unsupported("interactive")
    if kind == "list_reply":
        payload = _str(_obj(inner.get("list_reply")).get("id"))
        return ListPick(payload) if payload is not None else Unsupported("interactive")
    return Unsupported(f"interactive:{kind}")


def _button(item: Mapping[str, Any]) -> Intent:
    button = _obj(item.get("button"))
    payload = _str(button.get("payload")) or _str(button.get("text"))
    return TemplateButton(payload) if payload is not None else Unsupported("button")


def _cart_item(raw: object) -> CartItem | None:
    entry = _obj(raw)
    retailer_id = _str(entry.get("product_retailer_id"))
    quantity = entry.get("quantity")
    price = _decimal(entry.get("item_price"))
    if isinstance(quantity, str) and quantity.isdigit():
        quantity = int(quantity)
    if not retailer_id or not isinstance(quantity, int) or isinstance(quantity, bool):
        return None
    if price is None:
        return None
    return CartItem(retailer_id, quantity, price, (_str(entry.get("currency")) or "").upper())


def _order(item: Mapping[str, Any]) -> Intent:
    order = _obj(item.get("order"))
    raw_items = order.get("product_items")
    if not isinstance(raw_items, list):
        return Unsupported("order")
    items = tuple(c for c in (_cart_item(r) for r in raw_items) if c is not None)
    return CartSent(items, _str(order.get("text")) or "")


def _location(item: Mapping[str, Any]) -> Intent:
    place = _obj(item.get("location"))
    lat, lon = _decimal(place.get("latitude")), _decimal(place.get("longitude"))
    if lat is None or lon is None:
        return Unsupported("location")
    return LocationShared(lat, lon, _str(place.get("name")), _str(place.get("address")))


_PARSERS = {
    "text": _text,
    "interactive": _interactive,
    "button": _button,
    "order": _order,
    "location": _location,
}


def parse_message(item: Mapping[str, Any]) -> Intent:
    """Meta's inbound `messages[]` item → an intent; never raises on odd shapes."""
    kind = _str(item.get("type")) or ""
    parser = _PARSERS.get(kind)
    if parser is not None:
        return parser(item)
    if kind in MEDIA_TYPES:
        return MediaSent(kind, _str(_obj(item.get(kind)).get("caption")))
    return Unsupported(kind or "unknown")
