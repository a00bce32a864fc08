"""The catalogue of every Russian and English text: the chat, the pages and the reports.

A text is a key (`status.paid`, `reminders.stage.sent`) with a Russian and an English
template; `t(key, locale, **params)` fills it in, `both(key, **params)` gives the two for
reports that carry both. Each section module holds its two tables: `ru.py` and `en.py` the
shopper chat, the others one domain each (`orders.py`, `consent.py`, …).
"""

from __future__ import annotations

from collections.abc import Mapping

from shop.texts import (
    admin,
    catalog,
    consent,
    dashboard,
    desk,
    desk_media,
    desk_settings,
    doctor,
    glance,
    lifecycle,
    lists,
    news_retry,
    order_path,
    orders,
    people,
    promo,
    reconcile_page,
    reminders,
    return_photos,
    settings,
    staff,
    taxes,
    templates_book,
)
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

# (Russian, English) tables of each section; a key may belong to one section only.
SECTIONS: tuple[tuple[Mapping[str, str], Mapping[str, str]], ...] = (
    (RU, EN),
    (orders.RU, orders.EN),
    (reminders.RU, reminders.EN),
    (admin.RU, admin.EN),
    (catalog.RU, catalog.EN),
    (consent.RU, consent.EN),
    (doctor.RU, doctor.EN),
    (dashboard.RU, dashboard.EN),
    (lists.RU, lists.EN),
    (settings.RU, settings.EN),
    (staff.RU, staff.EN),
    (people.RU, people.EN),
    (taxes.RU, taxes.EN),
    (lifecycle.RU, lifecycle.EN),
    (order_path.RU, order_path.EN),
    (news_retry.RU, news_retry.EN),
    (promo.RU, promo.EN),
    (templates_book.RU, templates_book.EN),
    (desk.RU, desk.EN),
    (desk_media.RU, desk_media.EN),
    (desk_settings.RU, desk_settings.EN),
    (reconcile_page.RU, reconcile_page.EN),
    (glance.RU, glance.EN),
    (return_photos.RU, return_photos.EN),
)


def _merged(tables: list[Mapping[str, str]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for table in tables:
        twice = merged.keys() & table.keys()
        if twice:
            raise ValueError(f"texts defined in two sections: {sorted(twice)}")
        merged.update(table)
    return merged


CATALOGUE: dict[Locale, dict[str, str]] = {
    "ru": _merged([ru for ru, _ in SECTIONS]),
    "en": _merged([en for _, en in SECTIONS]),
}
_FORMATTERS: dict[Locale, TextFormatter] = {loc: TextFormatter(loc) for loc in LOCALES}


def t(key: str, locale: Locale = "ru", **params: object) -> str:
    """The text `key` in `locale` with its placeholders filled; unknown keys raise KeyError."""
    return _FORMATTERS[locale].format(CATALOGUE[locale][key], **params)


def both(key: str, **params: object) -> tuple[str, str]:
    """The Russian and the English text of `key`, for a report that keeps the two side by side."""
    return t(key, "ru", **params), t(key, "en", **params)


def locale_of(lang: str | None) -> Locale:
    """English when asked for by name; Russian, the shop's language, for anything else."""
    return "en" if lang == "en" else "ru"


__all__ = [
    "CATALOGUE",
    "LOCALES",
    "SECTIONS",
    "Locale",
    "both",
    "format_money",
    "locale_of",
    "placeholders",
    "plural",
    "plural_en",
    "plural_ru",
    "t",
]
