"""What a payment's receipt needs beyond the order lines: each product's own VAT code and
payment subject from the catalog, and the merchant's defaults from the tax settings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.tables import CatalogProduct
from payments.receipt import ReceiptDefaults, ReceiptLine, trim_description
from shop.storage.sql import run
from shop.taxes.settings import load_taxes

_PRODUCT = CatalogProduct.__table__  # type: ignore[attr-defined]
_CODES = sa.select(_PRODUCT.c.retailer_id, _PRODUCT.c.vat_code, _PRODUCT.c.payment_subject).where(
    _PRODUCT.c.retailer_id.in_(sa.bindparam("b_ids", expanding=True))
)


@dataclass(frozen=True)
class Codes:
    """A product's own receipt codes; None falls back to the merchant's default."""

    vat_code: int | None = None
    payment_subject: str | None = None


NO_CODES = Codes()


async def product_codes(session: AsyncSession, retailer_ids: Sequence[str]) -> dict[str, Codes]:
    """The codes of those products that set any (a product gone since keeps the defaults)."""
    if not retailer_ids:
        return {}
    rows = await run(session, _CODES, {"b_ids": list(retailer_ids)})
    return {
        row.retailer_id: Codes(row.vat_code, row.payment_subject)
        for row in rows
        if row.vat_code is not None or row.payment_subject is not None
    }


async def receipt_defaults(session: AsyncSession, base: ReceiptDefaults) -> ReceiptDefaults:
    """The tax settings as receipt defaults, read in the caller's transaction (every process
    uses a change at its next payment); `base` gives the delivery line's words."""
    taxes = await load_taxes(session)
    return taxes.receipt_defaults(delivery_description=base.delivery_description)


def like_the_payment(
    lines: Sequence[ReceiptLine], defaults: ReceiptDefaults, payment_receipt: str | None
) -> tuple[list[ReceiptLine], ReceiptDefaults]:
    """A refund's receipt lines with the codes its payment's receipt gave the same goods
    (matched by description), and that receipt's tax system: a refund repeats the sale's
    VAT, subject and mode whatever the settings say today."""
    if not payment_receipt:
        return list(lines), defaults
    sold = json.loads(payment_receipt)
    by_title = {item["description"]: item for item in sold.get("items") or ()}
    matched = []
    for line in lines:
        item = by_title.get(trim_description(line.description))
        if item is None:
            matched.append(line)
            continue
        matched.append(
            replace(
                line,
                vat_code=item.get("vat_code"),
                payment_subject=item.get("payment_subject"),
                payment_mode=item.get("payment_mode"),
            )
        )
    system = sold.get("tax_system_code")
    return matched, replace(defaults, tax_system_code=system)
