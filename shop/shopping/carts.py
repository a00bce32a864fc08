"""Chats and carts in the database: load as conversation values, store operations atomically."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.conversation.decision import CartOp, apply
from shop.conversation.state import ChatState, Context
from shop.conversation.views import Cart, CartLine
from shop.shopping.tables import ShopCart, ShopCartLine, ShopChat


class CartChangedConcurrently(RuntimeError):
    """Another transaction changed the cart first; the caller retries the whole event."""


async def chat_for(
    session: AsyncSession, business: str, wa_id: str, now: datetime, name: str | None = None
) -> ShopChat:
    """The chat row of (business number, shopper), created on first contact."""
    query = select(ShopChat).where(col(ShopChat.business) == business, col(ShopChat.wa_id) == wa_id)
    chat = (await session.exec(query)).first()
    if chat is None:
        # Insert-or-ignore: another device of the shopper may be creating it right now.
        dialect = session.bind.dialect.name if session.bind else "sqlite"
        maker = pg_insert if dialect == "postgresql" else sqlite_insert
        values = {"business": business, "wa_id": wa_id, "name": name, "updated_at": now}
        stmt = (
            maker(ShopChat)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["business", "wa_id"])
        )
        await session.exec(stmt)
        chat = (await session.exec(query)).one()
    if name and chat.name != name:
        chat.name = name
    return chat


def chat_state(chat: ShopChat) -> tuple[ChatState, Context]:
    try:
        state = ChatState(chat.state)
    except ValueError:
        state = ChatState.MENU
    return state, Context.load(json.loads(chat.context or "{}"))


def store_state(chat: ShopChat, state: ChatState, context: Context, now: datetime) -> None:
    chat.state = state.value
    chat.context = json.dumps(context.dump(), ensure_ascii=False)
    chat.updated_at = now


async def cart_for(session: AsyncSession, chat_id: int, now: datetime) -> ShopCart:
    query = select(ShopCart).where(col(ShopCart.chat_id) == chat_id)
    row = (await session.exec(query)).first()
    if row is None:
        row = ShopCart(chat_id=chat_id, changed_at=now)
        session.add(row)
        await session.flush()
    return row


async def load_cart(session: AsyncSession, cart: ShopCart) -> Cart:
    rows = (
        await session.exec(
            select(ShopCartLine)
            .where(col(ShopCartLine.cart_id) == cart.id)
            .order_by(col(ShopCartLine.position))
        )
    ).all()
    return Cart(
        tuple(
            CartLine(
                retailer_id=r.retailer_id,
                title=r.title,
                quantity=r.quantity,
                unit_price=Money.from_minor(r.unit_price_minor, cart.currency),
            )
            for r in rows
        )
    )


async def save_cart(
    session: AsyncSession, cart: ShopCart, current: Cart, ops: tuple[CartOp, ...], now: datetime
) -> Cart:
    """Apply the operations and write the whole cart, guarded by its version."""
    if not ops:
        return current
    result = apply(current, ops)
    bumped = await session.exec(
        update(ShopCart)
        .where(col(ShopCart.id) == cart.id, col(ShopCart.version) == cart.version)
        .values(
            version=cart.version + 1,
            changed_at=now,
            lines_count=len(result.lines),
            total_minor=result.total().minor if result.lines else 0,
            nudge_check_at=now
            if result.lines
            else None,  # the reminder scheduler takes it from here
        )
    )
    if getattr(bumped, "rowcount", 1) != 1:
        raise CartChangedConcurrently(f"cart {cart.id} changed concurrently")
    cart.version += 1
    cart.changed_at = now
    cart.lines_count = len(result.lines)
    await session.exec(delete(ShopCartLine).where(col(ShopCartLine.cart_id) == cart.id))
    if result.lines:
        await session.exec(
            insert(ShopCartLine),
            params=[
                {
                    "cart_id": cart.id,
                    "position": i,
                    "retailer_id": line.retailer_id,
                    "title": line.title,
                    "quantity": line.quantity,
                    "unit_price_minor": line.unit_price.minor,
                }
                for i, line in enumerate(result.lines)
            ],
        )
    return result
