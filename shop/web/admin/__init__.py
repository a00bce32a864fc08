"""Merchant pages under `/admin`, each module's declared next to its handlers; the frame
(auth, CSRF, layout) they share with `/api` is `frame.py`."""

from __future__ import annotations

from aiohttp import web

from shop.web.admin import (
    account,
    audit,
    catalog,
    cod,
    desk,
    desk_chat,
    desk_media,
    desk_metrics,
    desk_settings_pages,
    doctor,
    home,
    inbox,
    language_settings,
    login,
    order_status,
    orders,
    promo_codes,
    reconciliation_csv,
    reminder_settings,
    reminders,
    settings,
    taxes,
    templates_book,
    users,
)
from shop.web.admin.routes import add_pages

# In the order of the navigation.
PAGES = (
    login.pages,
    home.pages,
    catalog.pages,
    orders.pages,
    order_status.pages,
    cod.pages,
    desk.pages,
    desk_chat.pages,
    desk_media.pages,
    desk_metrics.pages,
    desk_settings_pages.pages,
    reminders.pages,
    inbox.pages,
    audit.pages,
    settings.pages,
    doctor.pages,
    reminder_settings.pages,
    language_settings.pages,
    taxes.pages,
    promo_codes.pages,
    templates_book.pages,
    users.pages,
    account.pages,
    reconciliation_csv.pages,
)


def setup(app: web.Application) -> None:
    for pages in PAGES:
        add_pages(app, pages)
