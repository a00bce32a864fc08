"""Outbound message models: Meta's limits are checked on construction (pydantic ValidationError).

The limits are named here, once: the conversation builds these models itself and fits its
texts to the same constants. Each model renders the Graph API body with `to_body(to)`;
`free_form` says whether it needs an open 24-hour window (all but templates and read receipts).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Meta's limits, in characters or in items.
TEXT_BODY = 4096
CAPTION = 1024  # a media message's caption
BODY = 1024
HEADER = 60
FOOTER = 60
BUTTON_ID = 256
BUTTON_TITLE = 20
MAX_BUTTONS = 3
LIST_BUTTON = 20
ROW_ID = 200
ROW_TITLE = 24
ROW_DESCRIPTION = 72
SECTION_TITLE = 24
MAX_ROWS = 10
MAX_SECTIONS = 10
MAX_PRODUCTS = 30
RETAILER_ID = 100


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    free_form: bool = Field(default=True, exclude=True)

    @property
    def kind(self) -> str:
        return "interactive"

    def graph_payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_body(self, to: str, *, callback: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": self.kind,
            self.kind: self.graph_payload(),
        }
        if callback is not None:
            body["biz_opaque_callback_data"] = callback[:512]
        return body


def _interactive(
    kind: str, body: str | None, footer: str | None, header: str | None = None, **rest: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = {"type": kind}
    if header is not None:
        payload["header"] = {"type": "text", "text": header}
    if body is not None:
        payload["body"] = {"text": body}
    if footer is not None:
        payload["footer"] = {"text": footer}
    payload.update(rest)
    return payload


class TextMessage(_Message):
    body: str = Field(min_length=1, max_length=TEXT_BODY)
    preview_url: bool = False

    @property
    def kind(self) -> str:
        return "text"

    def graph_payload(self) -> dict[str, Any]:
        return {"body": self.body, "preview_url": self.preview_url}


class ReplyButton(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(min_length=1, max_length=BUTTON_ID)
    title: str = Field(min_length=1, max_length=BUTTON_TITLE)


class ReplyButtons(_Message):
    body: str = Field(min_length=1, max_length=BODY)
    buttons: tuple[ReplyButton, ...] = Field(min_length=1, max_length=MAX_BUTTONS)
    header: str | None = Field(default=None, min_length=1, max_length=HEADER)
    footer: str | None = Field(default=None, min_length=1, max_length=FOOTER)

    @model_validator(mode="after")
    def _unique(self) -> ReplyButtons:
        if len({b.title for b in self.buttons}) != len(self.buttons):
            raise ValueError("button titles must be unique")
        if len({b.id for b in self.buttons}) != len(self.buttons):
            raise ValueError("button ids must be unique")
        return self

    def graph_payload(self) -> dict[str, Any]:
        buttons = [{"type": "reply", "reply": {"id": b.id, "title": b.title}} for b in self.buttons]
        return _interactive(
            "button", self.body, self.footer, header=self.header, action={"buttons": buttons}
        )


class ListRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(min_length=1, max_length=ROW_ID)
    title: str = Field(min_length=1, max_length=ROW_TITLE)
    description: str | None = Field(default=None, max_length=ROW_DESCRIPTION)


class ListSection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str | None = Field(default=None, min_length=1, max_length=SECTION_TITLE)
    rows: tuple[ListRow, ...] = Field(min_length=1)


class ListMessage(_Message):
    body: str = Field(min_length=1, max_length=BODY)
    button: str = Field(min_length=1, max_length=LIST_BUTTON)
    sections: tuple[ListSection, ...] = Field(min_length=1, max_length=MAX_SECTIONS)
    header: str | None = Field(default=None, min_length=1, max_length=HEADER)
    footer: str | None = Field(default=None, min_length=1, max_length=FOOTER)

    @model_validator(mode="after")
    def _limits(self) -> ListMessage:
        rows = [row for section in self.sections for row in section.rows]
        if len(rows) > MAX_ROWS:
            raise ValueError(
                f"a list holds at most {MAX_ROWS} rows in all sections, got {len(rows)}"
            )
        if len({row.id for row in rows}) != len(rows):
            raise ValueError("list row ids must be unique")
        if len(self.sections) > 1 and any(s.title is None for s in self.sections):
            raise ValueError("every section needs a title when there is more than one")
        return self

    def graph_payload(self) -> dict[str, Any]:
        sections = [s.model_dump(exclude_none=True) for s in self.sections]
        action = {"button": self.button, "sections": sections}
        return _interactive("list", self.body, self.footer, header=self.header, action=action)


class ProductMessage(_Message):
    catalog_id: str = Field(min_length=1)
    product_retailer_id: str = Field(min_length=1, max_length=RETAILER_ID)
    body: str | None = Field(default=None, min_length=1, max_length=BODY)
    footer: str | None = Field(default=None, min_length=1, max_length=FOOTER)

    def graph_payload(self) -> dict[str, Any]:
        action = {"catalog_id": self.catalog_id, "product_retailer_id": self.product_retailer_id}
        return _interactive("product", self.body, self.footer, action=action)


class ProductSection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str = Field(min_length=1, max_length=SECTION_TITLE)
    product_retailer_ids: tuple[str, ...] = Field(min_length=1)


class ProductListMessage(_Message):
    header: str = Field(min_length=1, max_length=HEADER)
    body: str = Field(min_length=1, max_length=BODY)
    catalog_id: str = Field(min_length=1)
    sections: tuple[ProductSection, ...] = Field(min_length=1, max_length=MAX_SECTIONS)
    footer: str | None = Field(default=None, min_length=1, max_length=FOOTER)

    @model_validator(mode="after")
    def _limits(self) -> ProductListMessage:
        total = sum(len(s.product_retailer_ids) for s in self.sections)
        if total > MAX_PRODUCTS:
            raise ValueError(f"a product list holds at most {MAX_PRODUCTS} items, got {total}")
        return self

    def graph_payload(self) -> dict[str, Any]:
        sections = [
            {
                "title": s.title,
                "product_items": [{"product_retailer_id": p} for p in s.product_retailer_ids],
            }
            for s in self.sections
        ]
        action = {"catalog_id": self.catalog_id, "sections": sections}
        return _interactive(
            "product_list", self.body, self.footer, header=self.header, action=action
        )


class CatalogMessage(_Message):
    body: str = Field(min_length=1, max_length=BODY)
    footer: str | None = Field(default=None, min_length=1, max_length=FOOTER)
    thumbnail_product_retailer_id: str | None = Field(default=None, min_length=1)

    def graph_payload(self) -> dict[str, Any]:
        action: dict[str, Any] = {"name": "catalog_message"}
        if self.thumbnail_product_retailer_id is not None:
            action["parameters"] = {
                "thumbnail_product_retailer_id": self.thumbnail_product_retailer_id
            }
        return _interactive("catalog_message", self.body, self.footer, action=action)


class CtaUrlMessage(_Message):
    """A message with one URL button (the shopper's order page link)."""

    body: str = Field(min_length=1, max_length=BODY)
    display_text: str = Field(min_length=1, max_length=BUTTON_TITLE)
    url: str = Field(min_length=8, max_length=2000, pattern=r"^https?://")
    header: str | None = Field(default=None, min_length=1, max_length=HEADER)
    footer: str | None = Field(default=None, min_length=1, max_length=FOOTER)

    def graph_payload(self) -> dict[str, Any]:
        action = {
            "name": "cta_url",
            "parameters": {"display_text": self.display_text, "url": self.url},
        }
        return _interactive("cta_url", self.body, self.footer, header=self.header, action=action)


class LocationMessage(_Message):
    """A point on the map (a pickup point), shown by WhatsApp with its name and address."""

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    name: str | None = Field(default=None, min_length=1, max_length=1000)
    address: str | None = Field(default=None, min_length=1, max_length=1000)

    @property
    def kind(self) -> str:
        return "location"

    def graph_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"latitude": self.latitude, "longitude": self.longitude}
        if self.name:
            payload["name"] = self.name
        if self.address:
            payload["address"] = self.address
        return payload


class _MediaMessage(_Message):
    """A file by its https link or by the id `POST /{phone-number-id}/media` gave it."""

    id: str | None = Field(default=None, min_length=1, max_length=200)
    link: str | None = Field(default=None, min_length=12, max_length=2000, pattern=r"^https://\S+$")
    caption: str | None = Field(default=None, min_length=1, max_length=CAPTION)

    @model_validator(mode="after")
    def _one_source(self) -> _MediaMessage:
        if (self.id is None) == (self.link is None):
            raise ValueError("give either id or link")
        return self

    def graph_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"id": self.id} if self.id else {"link": self.link}
        if self.caption:
            payload["caption"] = self.caption
        return payload


class ImageMessage(_MediaMessage):
    """A picture (the shop's logo by its link, an operator's photo by its media id), with a
    caption shown under it."""

    @property
    def kind(self) -> str:
        return "image"


class DocumentMessage(_MediaMessage):
    """A document (an invoice, a manual); `filename` is what the shopper's phone shows."""

    filename: str | None = Field(default=None, min_length=1, max_length=240)

    @property
    def kind(self) -> str:
        return "document"

    def graph_payload(self) -> dict[str, Any]:
        payload = super().graph_payload()
        if self.filename:
            payload["filename"] = self.filename
        return payload


class LocationRequest(_Message):
    body: str = Field(min_length=1, max_length=BODY)

    def graph_payload(self) -> dict[str, Any]:
        action = {"name": "send_location"}
        return _interactive("location_request_message", self.body, None, action=action)


class TemplateButtonParam(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    index: int = Field(ge=0, le=9)
    sub_type: Literal["quick_reply", "url", "copy_code"]
    value: str = Field(min_length=1, max_length=2000)


class TemplateMessage(_Message):
    """An approved template; parameters are checked against the stored template at enqueue."""

    free_form: bool = Field(default=False, exclude=True)
    name: str = Field(min_length=1, max_length=512)
    language: str = Field(min_length=2, max_length=16)
    body_params: tuple[str, ...] = ()
    named_params: tuple[tuple[str, str], ...] = ()
    header_params: tuple[str, ...] = ()
    buttons: tuple[TemplateButtonParam, ...] = ()

    @property
    def kind(self) -> str:
        return "template"

    def graph_payload(self) -> dict[str, Any]:
        components: list[dict[str, Any]] = []
        if self.header_params:
            params = [{"type": "text", "text": v} for v in self.header_params]
            components.append({"type": "header", "parameters": params})
        body = [{"type": "text", "text": v} for v in self.body_params] + [
            {"type": "text", "parameter_name": k, "text": v} for k, v in self.named_params
        ]
        if body:
            components.append({"type": "body", "parameters": body})
        for b in self.buttons:
            kind = {"quick_reply": "payload", "url": "text", "copy_code": "coupon_code"}[b.sub_type]
            components.append(
                {
                    "type": "button",
                    "sub_type": b.sub_type,
                    "index": str(b.index),
                    "parameters": [{"type": kind, kind: b.value}],
                }
            )
        payload: dict[str, Any] = {"name": self.name, "language": {"code": self.language}}
        if components:
            payload["components"] = components
        return payload


class MarkRead(_Message):
    free_form: bool = Field(default=False, exclude=True)
    message_id: str = Field(min_length=1, max_length=200)
    typing_indicator: bool = False

    @property
    def kind(self) -> str:
        return "read"

    def to_body(self, to: str, *, callback: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": self.message_id,
        }
        if self.typing_indicator:
            body["typing_indicator"] = {"type": "text"}
        return body


# What may only be sent inside the shopper's 24-hour window (`free_form`): the chat's replies.
FreeFormMessage = (
    TextMessage
    | ReplyButtons
    | ListMessage
    | ProductMessage
    | ProductListMessage
    | CatalogMessage
    | CtaUrlMessage
    | LocationMessage
    | LocationRequest
    | ImageMessage
    | DocumentMessage
)
OutboundMessage = FreeFormMessage | TemplateMessage | MarkRead
