"""What the order pages show of taxes: how the order is paid and its settlement receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.orders.tables import ShopOrder
from shop.taxes.tables import SettlementReceipt
from shop.texts import Locale, t

ON_DELIVERY = "on_delivery"


@dataclass(frozen=True)
class SettlementShown:
    status: str  # new, pending, succeeded, canceled, rejected
    receipt_id: str | None
    error: str | None
    updated_at: datetime


async def settlement_of(
    session: AsyncSession, order_id: int, *, shopper: bool = False
) -> SettlementShown | None:
    """The order's settlement receipt, if one is due or made (none for a full payment). The
    shopper is not shown one the merchant has to issue by hand (`unbuilt`)."""
    hidden = ("not_needed", "unbuilt") if shopper else ("not_needed",)
    query = select(SettlementReceipt).where(
        col(SettlementReceipt.order_id) == order_id,
        col(SettlementReceipt.status).not_in(hidden),
    )
    row = (await session.exec(query)).first()
    if row is None:
        return None
    return SettlementShown(row.status, row.receipt_id, row.error, row.updated_at)


async def receipt_notes(session: AsyncSession, order: ShopOrder, locale: Locale) -> list[str]:
    """The shopper's page's lines on an order's receipts: paid on delivery (the register's
    receipt at the door), or the settlement receipt's state once one is due."""
    if order.payment_method == ON_DELIVERY:
        return [t("order.cod.shopper", locale)]
    settlement = await settlement_of(session, order.id or 0, shopper=True)
    if settlement is None:
        return []
    state = t(f"receipt.status.{settlement.status}", locale)
    return [f"{t('receipt.settlement', locale)}: {state}"]
