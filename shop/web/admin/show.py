"""How the merchant pages write values: money, a staff-visible phone, a place on the map."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from catalog.money import Money
from shop.texts import format_money

NBSP = "\u00a0"
YANDEX_MAPS = "https://yandex.ru/maps/"


def money(api_value: str | None, currency: str) -> str:
    """`1350.00` → `1 350,00 ₽` with no-break spaces; none is `—`."""
    if api_value is None:
        return "—"
    return format_money(Money(amount=Decimal(api_value), currency=currency), "ru")


def minor_money(minor: int, currency: str) -> str:
    return format_money(Money.from_minor(minor, currency), "ru")


def phone(wa_id: str) -> str:
    """The full number for staff: `79161234567` → `+7 916 123-45-67` (other countries as
    `+` and the digits), never wrapped inside."""
    if len(wa_id) == 11 and wa_id.startswith("7"):
        parts = ("+7", wa_id[1:4], f"{wa_id[4:7]}-{wa_id[7:9]}-{wa_id[9:]}")
        return NBSP.join(parts)
    return f"+{wa_id}"


def map_link(address: str | None, lat: str | None, lon: str | None) -> str | None:
    """Yandex Maps at the shopper's pin when known, else a search for the address text."""
    if lat and lon:
        return YANDEX_MAPS + "?" + urlencode({"pt": f"{lon},{lat}", "z": "16", "l": "map"})
    if address:
        return YANDEX_MAPS + "?" + urlencode({"text": address})
    return None
