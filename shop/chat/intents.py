"""What the shopper did (intents), read from the typed inbound message the channel validated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from webhooks.whatsapp_models import InboundMessage, Media, ProductItem


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

MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")


def _decimal(number: float) -> Decimal | None:
    """A coordinate as the shopper's WhatsApp wrote it: str() keeps its digits."""
    value = Decimal(str(number))
    return value if value.is_finite() else None


def _text(message: InboundMessage) -> Intent:
    if message.text is None:
        return Unsupported("text")
    context = message.context
    referred = context.referred_product if context is not None else None
    retailer_id = referred.product_retailer_id if referred is not None else None
    return Text(message.text.body, retailer_id)


def _interactive(message: InboundMessage) -> Intent:
    inner = message.interactive
    if inner is None:
        return Unsupported("interactive:None")
    if inner.type == "button_reply":
        tapped = inner.button_reply
        return ButtonTap(tapped.id) if tapped is not None else Unsupported("interactive")
    if inner.type == "list_reply":
        picked = inner.list_reply
        return ListPick(picked.id) if picked is not None else Unsupported("interactive")
    return Unsupported(f"interactive:{inner.type}")


def _button(message: InboundMessage) -> Intent:
    button = message.button
    payload = (button.payload or button.text) if button is not None else None
    return TemplateButton(payload) if payload is not None else Unsupported("button")


def _cart_item(item: ProductItem) -> CartItem | None:
    if not item.product_retailer_id:
        return None
    return CartItem(item.product_retailer_id, item.quantity, item.item_price, item.currency.upper())


def _order(message: InboundMessage) -> Intent:
    order = message.order
    if order is None:
        return Unsupported("order")
    items = tuple(c for c in map(_cart_item, order.product_items) if c is not None)
    return CartSent(items, order.text or "")


def _location(message: InboundMessage) -> Intent:
    place = message.location
    if place is None:
        return Unsupported("location")
    lat, lon = _decimal(place.latitude), _decimal(place.longitude)
    if lat is None or lon is None:
        return Unsupported("location")
    return LocationShared(lat, lon, place.name, place.address)


def _media(message: InboundMessage) -> Intent:
    media: Media | None = getattr(message, message.type)
    return MediaSent(message.type, media.caption if media is not None else None)


_READERS: dict[str, Callable[[InboundMessage], Intent]] = {
    "text": _text,
    "interactive": _interactive,
    "button": _button,
    "order": _order,
    "location": _location,
    **dict.fromkeys(MEDIA_TYPES, _media),
}


def intent_of(message: InboundMessage) -> Intent:
    """What the shopper did, read from the typed message; a type we do not serve (or a
    message without the part its type names) is `Unsupported`, never an error."""
    reader = _READERS.get(message.type)
    if reader is not None:
        return reader(message)
    return Unsupported(message.type or "unknown")
