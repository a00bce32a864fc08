"""The merchant's codes: create, change, switch off, list; and the reminders' one-time codes.

Each function works in the caller's transaction; a refused input raises `PromoRefused` with
the field and the reason in Russian, before anything is written.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.merchant_settings import Refused, checked
from shop.promo.model import PromoInput, PromoPatch, PromoState, state_of, whole_problem
from shop.promo.rules import PromoKind, normalise
from shop.promo.store import CODES, terms_of
from shop.promo.tables import PromoCode
from shop.storage.sql import run
from shop.texts import t

ONE_TIME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
ONE_TIME_LENGTH = 8  # 32^8 ≈ 10^12 codes: not guessable in the days one is valid


class PromoRefused(ValueError):
    """One field is wrong (`field`), or `status` 404/409 for an unknown or duplicate code."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


@dataclass(frozen=True)
class Page:
    rows: Sequence[PromoCode]
    total: int


def validated(values: Mapping[str, Any]) -> PromoInput:
    try:
        doc = checked(PromoInput, dict(values))
    except Refused as exc:
        first = exc.problems[0]
        raise PromoRefused(first.field, first.message) from None
    problem = whole_problem(doc)
    if problem is not None:
        raise PromoRefused(*problem)
    return doc


def _columns(doc: PromoInput, currency: str) -> dict[str, Any]:
    return {
        "code": doc.code,
        "kind": doc.kind,
        "percent": doc.percent if doc.kind == "percent" else None,
        "amount_minor": int(doc.amount * 100) if doc.kind == "amount" and doc.amount else None,
        "currency": currency,
        "min_total_minor": int(doc.min_total * 100),
        "starts_at": doc.starts_at,
        "ends_at": doc.ends_at,
        "total_limit": doc.total_limit,
        "per_shopper_limit": doc.per_shopper_limit,
        "first_order_only": doc.first_order_only,
    }


async def create(
    session: AsyncSession, doc: PromoInput, now: datetime, *, currency: str = "RUB"
) -> PromoCode:
    row = PromoCode(**_columns(doc, currency), origin="merchant", created_at=now)
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        raise PromoRefused("code", t("promo.error.duplicate", code=doc.code), 409) from None
    return row


async def find(session: AsyncSession, code: str) -> PromoCode:
    query = select(PromoCode).where(col(PromoCode.code) == normalise(code))
    row = (await session.exec(query)).first()
    if row is None:
        raise PromoRefused("code", t("promo.error.unknown", code=normalise(code)), 404)
    return row


def as_input(row: PromoCode) -> dict[str, Any]:
    """The stored code in the input's terms, for a change to be applied to."""
    return {
        "code": row.code,
        "kind": row.kind,
        "percent": row.percent,
        "amount": None if row.amount_minor is None else Decimal(row.amount_minor) / 100,
        "min_total": Decimal(row.min_total_minor) / 100,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "total_limit": row.total_limit,
        "per_shopper_limit": row.per_shopper_limit,
        "first_order_only": row.first_order_only,
    }


async def change(session: AsyncSession, code: str, patch: PromoPatch, now: datetime) -> PromoCode:
    """The code with the given fields changed, checked whole; `disabled` switches it."""
    row = await find(session, code)
    given = patch.model_dump(exclude_unset=True)
    disabled = given.pop("disabled", None)
    doc = validated({**as_input(row), **given})
    for key, value in _columns(doc, row.currency).items():
        setattr(row, key, value)
    if disabled is not None:
        row.disabled_at = (row.disabled_at or now) if disabled else None
    await session.flush()
    return row


async def disable(session: AsyncSession, code: str, now: datetime) -> PromoCode:
    row = await find(session, code)
    row.disabled_at = row.disabled_at or now
    await session.flush()
    return row


async def listing(
    session: AsyncSession,
    *,
    search: str = "",
    state: PromoState | None = None,
    origin: str = "merchant",
    offset: int = 0,
    limit: int = 50,
    now: datetime,
) -> Page:
    """Codes newest first: those containing `search`, of the given origin (and state)."""
    where = [CODES.c.origin == origin]
    if search.strip():
        where.append(CODES.c.code.contains(search.strip().upper(), autoescape=True))
    query = sa.select(CODES).where(*where).order_by(CODES.c.created_at.desc(), CODES.c.id.desc())
    rows = list((await run(session, query)).all())
    if state is not None:
        rows = [r for r in rows if state_of_row(r, now) is state]
    return Page(rows=rows[offset : offset + limit], total=len(rows))  # type: ignore[arg-type]


def state_of_row(row: Any, now: datetime) -> PromoState:
    return state_of(terms_of(row), now)


def new_one_time_code() -> str:
    return "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))


async def one_time(
    session: AsyncSession,
    *,
    wa_id: str,
    percent: int,
    now: datetime,
    valid_for: timedelta,
    currency: str = "RUB",
) -> str:
    """A fresh code for this shopper only, usable once, valid for `valid_for` from now."""
    code = new_one_time_code()
    session.add(
        PromoCode(
            code=code,
            kind=PromoKind.PERCENT.value,
            percent=percent,
            currency=currency,
            ends_at=now + valid_for,
            total_limit=1,
            per_shopper_limit=1,
            wa_id=wa_id,
            origin="reminder",
            created_at=now,
        )
    )
    await session.flush()
    return code
