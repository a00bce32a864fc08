"""An order's 54-FZ receipt from its lines: the receipt a payment carries, and the one the
settlement job rebuilds for a payment made before receipts were kept with it.

Both go through here so that they allocate alike: each line's promo discount as stored when
the order was placed (split into whole kopecks per unit), the product's own VAT code and
payment subject, then the merchant's tax defaults, and the delivery as a service line last.
"""

from __future__ import annotations

from decimal import Decimal

from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from payments.discount import with_line_discounts
from payments.receipt import Customer, Receipt, ReceiptDefaults, ReceiptLine, build_receipt
from shop.orders.queries import order_lines
from shop.orders.tables import ShopOrder
from shop.taxes.receipt_input import NO_CODES, product_codes, receipt_defaults


def customer_of(order: ShopOrder) -> Customer:
    """The receipt goes to the e-mail the shopper gave, else to the chat's phone."""
    if order.contact_email:
        return Customer(email=order.contact_email)
    return Customer(phone=order.wa_id)


async def order_receipt(
    session: AsyncSession, order: ShopOrder, *, amount: Money, base: ReceiptDefaults
) -> Receipt:
    """The receipt of `amount` for the order's lines and delivery; `ReceiptError` when they
    do not add up to it (or a code is not one YooKassa knows)."""
    lines = await order_lines(session, order.id)
    codes = await product_codes(session, [line.retailer_id for line in lines])
    receipt_lines = [
        ReceiptLine(
            description=line.title,
            quantity=Decimal(line.quantity),
            unit_price=Money.from_minor(line.unit_price_minor, order.currency),
            vat_code=codes.get(line.retailer_id, NO_CODES).vat_code,
            payment_subject=codes.get(line.retailer_id, NO_CODES).payment_subject,
        )
        for line in lines
    ]
    # A promo code's discount, spread over the lines when the order was placed.
    receipt_lines = with_line_discounts(receipt_lines, [ln.discount_minor for ln in lines])
    return build_receipt(
        receipt_lines,
        amount=amount,
        customer=customer_of(order),
        defaults=await receipt_defaults(session, base),
        delivery=Money.from_minor(order.delivery_minor, order.currency),
    )
