"""Chats and carts in the database: load as conversation values, store operations atomically."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.chat.decision import CartOp, ClearCart, apply
from shop.chat.state import ChatState, Context
from shop.chat.tables import ShopCart, ShopCartLine, ShopChat
from shop.chat.views import Cart, CartLine
from shop.storage.fastpath import Direct
from shop.storage.sql import PerDialect, run

CHAT = ShopChat.__table__  # type: ignore[attr-defined]
CART = ShopCart.__table__  # type: ignore[attr-defined]
LINE = ShopCartLine.__table__  # type: ignore[attr-defined]
_CHATS = "vitrina.chats"  # chats read by chat_for in this transaction, as they were stored

# The message path's statements, built once (see `shop.storage.sql.run`).
_CHAT_BY_KEY = Direct.of(
    select(*CHAT.c).where(
        CHAT.c.business == bindparam("business"), CHAT.c.wa_id == bindparam("wa_id")
    )
)
_NEW_CHAT = PerDialect(
    lambda dialect_insert: (
        dialect_insert(CHAT)
        .values(
            {
                c: bindparam(c, type_=CHAT.c[c].type)
                for c in ("business", "wa_id", "name", "updated_at")
            }
        )
        .on_conflict_do_nothing(index_elements=["business", "wa_id"])
    )
)
_CART_OF_CHAT = Direct.of(select(*CART.c).where(CART.c.chat_id == bindparam("chat_id")))
_LINES = Direct.of(
    select(LINE.c.retailer_id, LINE.c.title, LINE.c.quantity, LINE.c.unit_price_minor)
    .where(LINE.c.cart_id == bindparam("cart_id"))
    .order_by(LINE.c.position)
)


_CART_BUMP = Direct.of(
    update(CART)
    .where(CART.c.id == bindparam("b_id"), CART.c.version == bindparam("b_version"))
    .values(
        {
            c: bindparam(c, type_=CART.c[c].type)
            for c in (
                "version",
                "currency",
                "changed_at",
                "lines_count",
                "total_minor",
                "nudge_check_at",
            )
        }
    )
    .returning(CART.c.id)
)
_CLEAR_LINES = delete(LINE).where(LINE.c.cart_id == bindparam("b_cart_id"))
_ADD_LINES = insert(LINE)
_CHAT_SAVES: dict[tuple[str, ...], Direct] = {}  # per set of changed columns, built once


@dataclass(slots=True)
class Chat:
    """A `shop_chat` row as the message path reads and writes it: a plain value, not an ORM
    object (setting up an ORM instance cost more than reading the row)."""

    id: int
    business: str
    wa_id: str
    name: str | None
    locale: str
    state: str
    context: str
    operator_requested_at: datetime | None
    last_inbound_at: datetime | None
    updated_at: datetime


@dataclass(slots=True)
class CartRow:
    """A `shop_cart` row, like `Chat` a plain value; `save_cart` writes it."""

    id: int
    chat_id: int
    version: int
    currency: str
    changed_at: datetime
    lines_count: int
    total_minor: int
    nudge_check_at: datetime | None


class CartChangedConcurrently(RuntimeError):
    """Another transaction changed the cart first; the caller retries the whole event."""


async def chat_for(
    session: AsyncSession, business: str, wa_id: str, now: datetime, name: str | None = None
) -> Chat:
    """The chat row of (business number, shopper), created on first contact.

    Read with a plain query, not through the ORM: the message path is the hottest code of
    the shop. The object is not tracked by the session; `save_chat` writes what changed.
    """
    key = {"business": business, "wa_id": wa_id}
    rows = await _CHAT_BY_KEY.rows(session, key)
    if not rows:
        # Insert-or-ignore: another device of the shopper may be creating it right now.
        values = {**key, "name": name, "updated_at": now}
        await run(session, _NEW_CHAT.of(session), values)
        rows = await _CHAT_BY_KEY.rows(session, key)
    stored = rows[0]
    session.info.setdefault(_CHATS, {})[stored["id"]] = stored
    chat = Chat(**stored)
    if name and chat.name != name:
        chat.name = name
    return chat


async def save_chat(session: AsyncSession, chat: Chat) -> None:
    """Write the fields of a chat from `chat_for` that changed since it was read."""
    stored = session.info.get(_CHATS, {}).get(chat.id)
    if stored is None:
        raise LookupError(f"chat {chat.id} was not read by chat_for in this transaction")
    changed = {k: getattr(chat, k) for k, v in stored.items() if getattr(chat, k) != v}
    if changed:
        await _chat_save(tuple(changed)).rows(session, {"b_id": chat.id, **changed})
        stored.update(changed)


def _chat_save(columns: tuple[str, ...]) -> Direct:
    """`UPDATE shop_chat SET <columns> WHERE id = :b_id`, built once per set of columns."""
    statement = _CHAT_SAVES.get(columns)
    if statement is None:
        values: dict[str, Any] = {c: bindparam(c, type_=CHAT.c[c].type) for c in columns}
        statement = Direct.of(update(CHAT).where(CHAT.c.id == bindparam("b_id")).values(values))
        _CHAT_SAVES[columns] = statement
    return statement


def chat_state(chat: Chat) -> tuple[ChatState, Context]:
    try:
        state = ChatState(chat.state)
    except ValueError:
        state = ChatState.MENU
    return state, Context.load(json.loads(chat.context or "{}"))


def store_state(chat: Chat | ShopChat, state: ChatState, context: Context, now: datetime) -> None:
    chat.state = state.value
    chat.context = json.dumps(context.dump(), ensure_ascii=False)
    chat.updated_at = now


async def cart_for(
    session: AsyncSession, chat_id: int, now: datetime, currency: str = "RUB"
) -> CartRow:
    """The chat's cart in the shop's currency (created empty on first use); like chats, not
    tracked by the session: `save_cart` writes it."""
    rows = await _CART_OF_CHAT.rows(session, {"chat_id": chat_id})
    if not rows:
        values = {"chat_id": chat_id, "currency": currency, "changed_at": now}
        created = insert(CART).values(values).returning(*CART.c)
        return CartRow(**(await run(session, created)).one()._mapping)
    cart = CartRow(**rows[0])
    if cart.currency != currency:
        # The shop changed its currency: the lines' prices were in the old one and mean
        # nothing now (adding to them would fail every later message of the chat).
        cart.currency = currency
        await save_cart(session, cart, Cart(), (ClearCart(),), now)
    return cart


async def load_cart(session: AsyncSession, cart: CartRow) -> Cart:
    rows = await _LINES.rows(session, {"cart_id": cart.id})
    return Cart(
        tuple(
            CartLine(
                retailer_id=r["retailer_id"],
                title=r["title"],
                quantity=r["quantity"],
                unit_price=Money.from_minor(r["unit_price_minor"], cart.currency),
            )
            for r in rows
        )
    )


async def save_cart(
    session: AsyncSession, cart: CartRow, current: Cart, ops: tuple[CartOp, ...], now: datetime
) -> Cart:
    """Apply the operations and write the whole cart, guarded by its version."""
    if not ops:
        return current
    result = apply(current, ops)
    bumped = await _CART_BUMP.rows(
        session,
        {
            "b_id": cart.id,
            "b_version": cart.version,
            "version": cart.version + 1,
            "currency": cart.currency,
            "changed_at": now,
            "lines_count": len(result.lines),
            "total_minor": result.total(cart.currency).minor if result.lines else 0,
            # the reminder scheduler takes it from here
            "nudge_check_at": now if result.lines else None,
        },
    )
    if len(bumped) != 1:
        raise CartChangedConcurrently(f"cart {cart.id} changed concurrently")
    cart.version += 1
    cart.changed_at = now
    cart.lines_count = len(result.lines)
    await run(session, _CLEAR_LINES, {"b_cart_id": cart.id})
    if result.lines:
        await run(
            session,
            _ADD_LINES,
            [
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
