"""The shopper's own page link, /a/{token}: one unguessable token per chat, made on first use."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.orders.lifecycle_tables import ShopperLink
from shop.orders.model import new_token


async def link_token(session: AsyncSession, chat_id: int, now: datetime) -> str:
    """The chat's token; a new one (in a savepoint, so a second writer's wins) if none."""
    found = await _token_of(session, chat_id)
    if found is not None:
        return found
    try:
        async with session.begin_nested():
            session.add(ShopperLink(chat_id=chat_id, token=new_token(), created_at=now))
    except IntegrityError:
        pass  # made meanwhile by another turn of the same chat
    token = await _token_of(session, chat_id)
    assert token is not None
    return token


async def _token_of(session: AsyncSession, chat_id: int) -> str | None:
    query = select(ShopperLink.token).where(col(ShopperLink.chat_id) == chat_id)
    return (await session.exec(query)).first()


async def chat_of(session: AsyncSession, token: str) -> int | None:
    if not 16 <= len(token) <= 64:
        return None
    query = select(ShopperLink.chat_id).where(col(ShopperLink.token) == token)
    return (await session.exec(query)).first()
