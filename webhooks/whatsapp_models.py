"""Frozen models of Meta's WhatsApp webhook envelope; unknown fields and types are kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    # Meta adds fields without notice: keep them (extra="allow") instead of failing intake.
    model_config = ConfigDict(frozen=True, extra="allow")


class ErrorData(_Model):
    details: str | None = None


class WaError(_Model):
    code: int
    title: str | None = None
    message: str | None = None
    error_data: ErrorData | None = None
    href: str | None = None


class Profile(_Model):
    name: str | None = None
    username: str | None = None


class Contact(_Model):
    wa_id: str | None = None
    user_id: str | None = None
    profile: Profile | None = None


class ReferredProduct(_Model):
    catalog_id: str | None = None
    product_retailer_id: str | None = None


class Context(_Model):
    from_: str | None = Field(default=None, alias="from")
    id: str | None = None
    forwarded: bool | None = None
    frequently_forwarded: bool | None = None
    referred_product: ReferredProduct | None = None


class Text(_Model):
    body: str


class ButtonReply(_Model):
    id: str
    title: str | None = None


class ListReply(_Model):
    id: str
    title: str | None = None
    description: str | None = None


class Interactive(_Model):
    type: str
    button_reply: ButtonReply | None = None
    list_reply: ListReply | None = None


class TemplateButton(_Model):
    payload: str | None = None
    text: str | None = None


class ProductItem(_Model):
    product_retailer_id: str
    quantity: int
    # A JSON number in major units; Decimal keeps it exact (never a float).
    item_price: Decimal
    currency: str


class Order(_Model):
    catalog_id: str | None = None
    text: str | None = None
    product_items: tuple[ProductItem, ...] = ()


class Location(_Model):
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None
    url: str | None = None


class Media(_Model):
    id: str
    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None


class InboundMessage(_Model):
    """One `messages[]` item; `type` may be one we do not know yet (kept as is)."""

    from_: str = Field(alias="from")
    id: str
    timestamp: int
    type: str
    context: Context | None = None
    text: Text | None = None
    interactive: Interactive | None = None
    button: TemplateButton | None = None
    order: Order | None = None
    location: Location | None = None
    image: Media | None = None
    video: Media | None = None
    audio: Media | None = None
    document: Media | None = None
    sticker: Media | None = None
    contacts: tuple[dict[str, Any], ...] | None = None
    errors: tuple[WaError, ...] | None = None


class Pricing(_Model):
    billable: bool | None = None
    pricing_model: str | None = None
    category: str | None = None
    type: str | None = None


class Status(_Model):
    """One `statuses[]` item: the fate of a message we sent."""

    id: str
    status: str
    timestamp: int
    recipient_id: str | None = None
    biz_opaque_callback_data: str | None = None
    conversation: dict[str, Any] | None = None
    pricing: Pricing | None = None
    errors: tuple[WaError, ...] | None = None


class Metadata(_Model):
    display_phone_number: str | None = None
    phone_number_id: str | None = None


class UserPreference(_Model):
    wa_id: str
    value: str
    category: str | None = None
    detail: str | None = None
    timestamp: int | None = None


class MessagesValue(_Model):
    """The `value` of a `messages` change: inbound messages or statuses (or errors)."""

    messaging_product: str | None = None
    metadata: Metadata | None = None
    contacts: tuple[Contact, ...] = ()
    messages: tuple[InboundMessage, ...] = ()
    statuses: tuple[Status, ...] = ()
    errors: tuple[WaError, ...] = ()


class TemplateStatusUpdate(_Model):
    event: str
    message_template_id: int | str | None = None
    message_template_name: str | None = None
    message_template_language: str | None = None
    reason: str | None = None
    message_template_category: str | None = None


class UserPreferencesValue(_Model):
    messaging_product: str | None = None
    metadata: Metadata | None = None
    contacts: tuple[Contact, ...] = ()
    user_preferences: tuple[UserPreference, ...] = ()


class PhoneQualityUpdate(_Model):
    display_phone_number: str | None = None
    event: str
    old_limit: str | None = None
    current_limit: str | None = None
    max_daily_conversations_per_business: str | int | None = None


class Change(_Model):
    field: str
    value: dict[str, Any]


class Entry(_Model):
    id: str | None = None
    time: int | None = None
    changes: tuple[Change, ...] = ()


class Envelope(_Model):
    object: str
    entry: tuple[Entry, ...]
