"""The chat's «О магазине»: the saved profile as the shopper reads it, under the logo when
there is one (an image message with a caption), else as a text."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from shop.shop_profile.model import ShopProfile, load_profile
from shop.texts import Locale, t
from shop.whatsapp.messages import CAPTION, ImageMessage, OutboundMessage, TextMessage


def card_text(profile: ShopProfile, locale: Locale) -> str:
    """Name, hours, how to reach the shop, and the seller by law; empty fields are left out."""
    lines = [profile.name]
    if profile.hours:
        lines.append(t("about.hours", locale, hours=profile.hours))
    if profile.phone:
        lines.append(t("about.phone", locale, phone=profile.phone))
    if profile.email:
        lines.append(t("about.email", locale, email=profile.email))
    if profile.address:
        lines.append(t("about.address", locale, address=profile.address))
    if profile.legal_name or profile.inn:
        seller = profile.legal_name or profile.name
        inn = t("about.inn", locale, inn=profile.inn) if profile.inn else ""
        lines.append(t("about.seller", locale, seller=seller + inn))
    return "\n".join(lines)


def card_messages(profile: ShopProfile | None, locale: Locale) -> list[OutboundMessage]:
    if profile is None:
        return [TextMessage(body=t("about.none", locale))]
    text = card_text(profile, locale)
    if profile.logo_url and len(text) <= CAPTION:
        return [ImageMessage(link=profile.logo_url, caption=text)]
    return [TextMessage(body=text)]


async def about_shop(session: AsyncSession, locale: Locale) -> list[OutboundMessage]:
    return card_messages(await load_profile(session), locale)
