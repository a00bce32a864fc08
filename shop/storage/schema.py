"""Every table module, imported once so `SQLModel.metadata` knows the whole schema."""

from __future__ import annotations

from sqlmodel import SQLModel

from catalog import tables as catalog_tables
from shop.access import tables as access_tables
from shop.chat import tables as chat_tables
from shop.consent import tables as consent_tables
from shop.desk import tables as desk_tables
from shop.orders import lifecycle_tables, payment_tables
from shop.orders import tables as order_tables
from shop.promo import tables as promo_tables
from shop.reminders import tables as reminder_tables
from shop.storage import tables as foundation_tables
from shop.taxes import tables as tax_tables
from shop.whatsapp import tables as channel_tables
from webhooks import tables as webhook_tables

TABLE_MODULES = (
    foundation_tables,
    webhook_tables,
    channel_tables,
    catalog_tables,
    chat_tables,
    order_tables,
    lifecycle_tables,
    payment_tables,
    consent_tables,
    reminder_tables,
    promo_tables,
    access_tables,
    desk_tables,
    tax_tables,
)

metadata = SQLModel.metadata
