"""The photos a shopper sent with a return request: the image lines of the order's chat
transcript from the moment the return was asked, for the staff's order page.

The desk keeps every inbound message as a transcript line and fetches its media
(`shop/desk/media.py`); this only picks the ones that belong to the request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.desk.tables import DeskMessage

MOST = 20  # a return's photos, not the whole chat's


@dataclass(frozen=True)
class ReturnPhoto:
    line_id: int
    at: datetime
    caption: str
    data: dict[str, Any]  # the media reference and its fetch outcome (`media_state`)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def photos_since(session: AsyncSession, wa_id: str, asked_at: datetime) -> list[ReturnPhoto]:
    """The shopper's images since the request, oldest first. Inbound times come from Meta
    in whole seconds, so the request's own second counts as after it."""
    since = _aware(asked_at).replace(microsecond=0)
    query = (
        select(DeskMessage)
        .where(
            col(DeskMessage.wa_id) == wa_id,
            col(DeskMessage.direction) == "in",
            col(DeskMessage.kind) == "image",
        )
        .order_by(col(DeskMessage.id).desc())
        .limit(MOST)
    )
    rows = (await session.exec(query)).all()
    return [
        ReturnPhoto(row.id or 0, _aware(row.at), row.text, json.loads(row.data or "{}"))
        for row in reversed(rows)
        if _aware(row.at) >= since
    ]
