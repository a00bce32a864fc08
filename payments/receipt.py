"""54-FZ receipts for YooKassa, built purely from order lines; the lines must sum to the amount."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from catalog.fiscal import PAYMENT_SUBJECTS, VAT_CODES
from catalog.money import Money

DESCRIPTION_LIMIT = 128
ITEMS_LIMIT = 80  # "Чеки от ЮKassa"; a third-party register allows 100
QUANTITY_PLACES = 3
TAX_SYSTEM_CODES = frozenset(range(1, 7))
PAYMENT_MODES = frozenset(
    {
        "full_prepayment",
        "partial_prepayment",
        "advance",
        "full_payment",
        "partial_payment",
        "credit",
        "credit_payment",
    }
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SPACES = re.compile(r"\s+")


class ReceiptError(ValueError):
    """The receipt cannot be built as asked. The message names the failed rule in English (for
    logs); `code` and `params` carry it as data, for a page to say it in the merchant's words."""

    def __init__(self, message: str, *, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ReceiptDefaults:
    """The merchant's defaults, used for any line that does not set its own."""

    vat_code: int = 1
    payment_subject: str = "commodity"
    payment_mode: str = "full_prepayment"
    tax_system_code: int | None = None
    delivery_description: str = "Доставка"
    delivery_vat_code: int | None = None


@dataclass(frozen=True)
class ReceiptLine:
    """One order line as the receipt sees it; None fields fall back to the merchant defaults."""

    description: str
    quantity: Decimal
    unit_price: Money
    vat_code: int | None = None
    payment_subject: str | None = None
    payment_mode: str | None = None


@dataclass(frozen=True)
class Customer:
    """Who gets the receipt: a phone (digits, country code first) or an e-mail."""

    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class ReceiptItem:
    description: str
    quantity: Decimal
    unit_price: Money
    vat_code: int
    payment_subject: str
    payment_mode: str

    @property
    def total(self) -> Money:
        return Money(amount=self.unit_price.amount * self.quantity, currency=self.currency)

    @property
    def currency(self) -> str:
        return self.unit_price.currency

    def to_api(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "quantity": format_quantity(self.quantity),
            "amount": {"value": self.unit_price.api_value(), "currency": self.currency},
            "vat_code": self.vat_code,
            "payment_subject": self.payment_subject,
            "payment_mode": self.payment_mode,
        }


@dataclass(frozen=True)
class Receipt:
    customer: dict[str, str]
    items: tuple[ReceiptItem, ...]
    tax_system_code: int | None = None

    @property
    def total(self) -> Money:
        total = Money(amount=Decimal(0), currency=self.items[0].currency)
        for item in self.items:
            total = total + item.total
        return total

    def to_api(self) -> dict[str, Any]:
        """The `receipt` object of a YooKassa payment or refund request."""
        body: dict[str, Any] = {
            "customer": dict(self.customer),
            "items": [item.to_api() for item in self.items],
        }
        if self.tax_system_code is not None:
            body["tax_system_code"] = self.tax_system_code
        return body


def format_quantity(quantity: Decimal) -> str:
    """`2` → "2", `1.500` → "1.5": a plain decimal string, never an exponent."""
    return f"{quantity.normalize():f}"


def trim_description(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Collapse whitespace and cut at a word boundary with an ellipsis when too long."""
    clean = _SPACES.sub(" ", text).strip()
    if not clean:
        raise ReceiptError("a receipt line needs a description", code="description")
    if len(clean) <= limit:
        return clean
    cut = clean[: limit - 1]
    space = cut.rfind(" ")
    # Only back off to a word boundary when it does not throw away most of the text.
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


def normalise_phone(phone: str) -> str:
    """`+7 (900) 123-45-67` or `89001234567` → `79001234567`."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    elif len(digits) == 10 and digits.startswith("9"):
        digits = "7" + digits
    if not 11 <= len(digits) <= 15:
        raise ReceiptError(
            "the customer's phone must have 11 to 15 digits with the country code", code="phone"
        )
    return digits


def customer_contact(customer: Customer) -> dict[str, str]:
    if customer.phone:
        return {"phone": normalise_phone(customer.phone)}
    if customer.email:
        email = customer.email.strip()
        if not _EMAIL.match(email) or len(email) > 64:
            raise ReceiptError("the customer's e-mail is not a valid address", code="email")
        return {"email": email}
    raise ReceiptError("a receipt needs the customer's phone or e-mail", code="contact")


def _item(line: ReceiptLine, defaults: ReceiptDefaults) -> ReceiptItem:
    quantity = line.quantity
    if not quantity.is_finite() or quantity <= 0:
        raise ReceiptError(
            f"quantity must be positive: {line.description[:40]!r}",
            code="quantity",
            line=line.description[:40],
        )
    if -quantity.as_tuple().exponent > QUANTITY_PLACES:  # type: ignore[operator]
        raise ReceiptError(
            f"quantity has more than {QUANTITY_PLACES} decimal places",
            code="quantity_places",
            line=line.description[:40],
            places=QUANTITY_PLACES,
        )
    if line.unit_price.amount <= 0:
        raise ReceiptError(
            f"unit price must be positive: {line.description[:40]!r}",
            code="price",
            line=line.description[:40],
        )
    item = ReceiptItem(
        description=trim_description(line.description),
        quantity=quantity,
        unit_price=line.unit_price,
        vat_code=line.vat_code if line.vat_code is not None else defaults.vat_code,
        payment_subject=line.payment_subject or defaults.payment_subject,
        payment_mode=line.payment_mode or defaults.payment_mode,
    )
    _check_codes(item)
    # A weighted line whose total is a fraction of a kopeck cannot be fiscalised exactly.
    if line.unit_price.amount * quantity != item.total.amount:
        raise ReceiptError(
            "unit price × quantity is not a whole number of kopecks",
            code="fraction",
            line=line.description[:40],
        )
    return item


def _check_codes(item: ReceiptItem) -> None:
    if item.vat_code not in VAT_CODES:
        raise ReceiptError(f"vat_code must be 1–12, got {item.vat_code}", code="vat_code")
    if item.payment_subject not in PAYMENT_SUBJECTS:
        raise ReceiptError(
            f"unknown payment_subject {item.payment_subject!r}", code="payment_subject"
        )
    if item.payment_mode not in PAYMENT_MODES:
        raise ReceiptError(f"unknown payment_mode {item.payment_mode!r}", code="payment_mode")


def build_receipt(
    lines: Sequence[ReceiptLine],
    *,
    customer: Customer,
    amount: Money,
    delivery: Money | None = None,
    defaults: ReceiptDefaults | None = None,
    items_limit: int = ITEMS_LIMIT,
) -> Receipt:
    """The receipt of a payment; refuses unless the lines sum exactly to `amount`."""
    defaults = defaults or ReceiptDefaults()
    all_lines = list(lines)
    if delivery is not None and delivery.amount > 0:
        all_lines.append(
            ReceiptLine(
                description=defaults.delivery_description,
                quantity=Decimal(1),
                unit_price=delivery,
                vat_code=defaults.delivery_vat_code,
                payment_subject="service",
            )
        )
    return _assemble(all_lines, customer, amount, defaults, items_limit)


def build_refund_receipt(
    refunded: Sequence[ReceiptLine],
    *,
    customer: Customer,
    amount: Money,
    defaults: ReceiptDefaults | None = None,
    items_limit: int = ITEMS_LIMIT,
) -> Receipt:
    """The receipt of a (partial) refund: only the refunded lines, summing to the refund."""
    return _assemble(list(refunded), customer, amount, defaults or ReceiptDefaults(), items_limit)


def _assemble(
    lines: list[ReceiptLine],
    customer: Customer,
    amount: Money,
    defaults: ReceiptDefaults,
    items_limit: int,
) -> Receipt:
    if not lines:
        raise ReceiptError("a receipt needs at least one line", code="empty")
    if len(lines) > items_limit:
        raise ReceiptError(
            f"a receipt holds at most {items_limit} lines, got {len(lines)}",
            code="too_many",
            limit=items_limit,
            count=len(lines),
        )
    if defaults.tax_system_code is not None and defaults.tax_system_code not in TAX_SYSTEM_CODES:
        raise ReceiptError(
            f"tax_system_code must be 1–6, got {defaults.tax_system_code}", code="tax_system"
        )
    items = tuple(_item(line, defaults) for line in lines)
    if any(item.currency != amount.currency for item in items):
        raise ReceiptError("every receipt line must be in the payment's currency", code="currency")
    receipt = Receipt(
        customer=customer_contact(customer),
        items=items,
        tax_system_code=defaults.tax_system_code,
    )
    if receipt.total != amount:
        raise ReceiptError(
            f"receipt lines sum to {receipt.total.api_value()}, "
            f"the payment is {amount.api_value()}",
            code="sum",
            lines=receipt.total,
            paid=amount,
        )
    return receipt
