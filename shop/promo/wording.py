"""A refused code in the shopper's words (the checkout's reply and a refused order)."""

from __future__ import annotations

from catalog.money import Money
from shop.promo.rules import Refused
from shop.texts import Locale, format_money, t


def refusal_text(refused: Refused, locale: Locale, *, goods: Money) -> str:
    """Why `refused.code` does not apply; a start time is shown as given (the shop's zone)."""
    minimum = refused.minimum or goods
    start = refused.starts_at.strftime("%d.%m.%Y %H:%M") if refused.starts_at else ""
    return t(
        f"promo.refused.{refused.reason.value}",
        locale,
        code=refused.code,
        minimum=format_money(minimum, locale),
        goods=format_money(goods, locale),
        start=start,
    )
