"""Every table module, imported once so `SQLModel.metadata` knows the whole schema."""

from __future__ import annotations

from sqlmodel import SQLModel

from catalog import tables as catalog_tables
from shop.access import tables as access_tables
from shop.channel import tables as channel_tables
from shop.consents import tables as consent_tables
from shop.nudging import tables as nudging_tables
from shop.payflow import tables as payflow_tables
from shop.shopping import tables as shopping_tables
from shop.storage import tables as foundation_tables
from webhooks import tables as webhook_tables

TABLE_MODULES = (
    foundation_tables,
    webhook_tables,
    channel_tables,
    catalog_tables,
    shopping_tables,
    payflow_tables,
    consent_tables,
    nudging_tables,
    access_tables,
)

metadata = SQLModel.metadata
