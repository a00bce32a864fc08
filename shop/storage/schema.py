"""Every table module, imported once so `SQLModel.metadata` knows the whole schema."""

from __future__ import annotations

from sqlmodel import SQLModel

import catalog.tables  # noqa: F401  (registers tables)
import shop.channel.tables  # noqa: F401  (registers tables)
import shop.storage.tables  # noqa: F401  (registers tables)
import webhooks.tables  # noqa: F401  (registers tables)

metadata = SQLModel.metadata
