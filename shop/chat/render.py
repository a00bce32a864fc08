"""Conversation replies rendered as WhatsApp messages (the channel's validated models)."""

from __future__ import annotations

from shop.chat.replies import (
    ButtonsReply,
    CatalogReply,
    ListReply,
    LocationReply,
    ProductListReply,
    ProductReply,
    Reply,
    TextReply,
)
from shop.whatsapp.messages import (
    CatalogMessage,
    ListMessage,
    ListRow,
    ListSection,
    LocationMessage,
    OutboundMessage,
    ProductListMessage,
    ProductMessage,
    ProductSection,
    ReplyButton,
    ReplyButtons,
    TextMessage,
)


def render(reply: Reply, catalog_id: str) -> OutboundMessage:
    if isinstance(reply, TextReply):
        return TextMessage(body=reply.body)
    if isinstance(reply, ButtonsReply):
        buttons = tuple(ReplyButton(id=b.id, title=b.title) for b in reply.buttons)
        return ReplyButtons(body=reply.body, buttons=buttons)
    if isinstance(reply, ListReply):
        sections = tuple(
            ListSection(
                title=s.title or None,
                rows=tuple(
                    ListRow(id=r.id, title=r.title, description=r.description or None)
                    for r in s.rows
                ),
            )
            for s in reply.sections
        )
        return ListMessage(body=reply.body, button=reply.button, sections=sections)
    if isinstance(reply, ProductReply):
        return ProductMessage(
            catalog_id=catalog_id, product_retailer_id=reply.retailer_id, body=reply.body or None
        )
    if isinstance(reply, ProductListReply):
        product_sections = tuple(
            ProductSection(title=s.title, product_retailer_ids=s.retailer_ids)
            for s in reply.sections
        )
        return ProductListMessage(
            header=reply.header, body=reply.body, catalog_id=catalog_id, sections=product_sections
        )
    if isinstance(reply, CatalogReply):
        return CatalogMessage(
            body=reply.body, thumbnail_product_retailer_id=reply.thumbnail_retailer_id
        )
    if isinstance(reply, LocationReply):
        return LocationMessage(
            latitude=float(reply.lat),
            longitude=float(reply.lon),
            name=reply.name or None,
            address=reply.address or None,
        )
    raise TypeError(f"no rendering for {type(reply).__name__}")
