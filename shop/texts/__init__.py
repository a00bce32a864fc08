"""The catalogue of every shopper-facing text: Russian by default, English available."""

from __future__ import annotations

from shop.texts.en import EN
from shop.texts.format import (
    LOCALES,
    Locale,
    TextFormatter,
    format_money,
    placeholders,
    plural,
    plural_en,
    plural_ru,
)
from shop.texts.ru import RU

CATALOGUE: dict[Locale, dict[str, str]] = {"ru": RU, "en": EN}
_FORMATTERS: dict[Locale, TextFormatter] = {loc: TextFormatter(loc) for loc in LOCALES}


def t(key: str, locale: Locale = "ru", **params: object) -> str:
    """The text `key` in `locale` with its placeholders filled; unknown keys raise KeyError."""
    return _FORMATTERS[locale].format(CATALOGUE[locale][key], **params)


__all__ = [
    "CATALOGUE",
    "LOCALES",
    "Locale",
    "format_money",
    "placeholders",
    "plural",
    "plural_en",
    "plural_ru",
    "t",
]
