"""What `decide` returns: replies, cart operations, effects and the chat's next step."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from catalog.money import Money
from shop.chat.state import ChatState, Context
from shop.chat.views import Cart, CartLine
from shop.texts import Locale
from shop.whatsapp.messages import FreeFormMessage

# Cart operations: the storage layer applies them in one transaction; `apply` mirrors them.


@dataclass(frozen=True)
class ReplaceCart:
    lines: tuple[CartLine, ...]


@dataclass(frozen=True)
class AddToCart:
    line: CartLine  # quantity is the amount added


@dataclass(frozen=True)
class SetQuantity:
    retailer_id: str
    quantity: int


@dataclass(frozen=True)
class RemoveLine:
    retailer_id: str


@dataclass(frozen=True)
class ClearCart:
    pass


CartOp = ReplaceCart | AddToCart | SetQuantity | RemoveLine | ClearCart


def apply(cart: Cart, ops: tuple[CartOp, ...]) -> Cart:
    """The cart after the operations, as storage will leave it."""
    lines = list(cart.lines)
    for op in ops:
        if isinstance(op, ReplaceCart):
            lines = list(op.lines)
        elif isinstance(op, ClearCart):
            lines = []
        elif isinstance(op, RemoveLine):
            lines = [ln for ln in lines if ln.retailer_id != op.retailer_id]
        elif isinstance(op, SetQuantity):
            lines = [
                replace(ln, quantity=op.quantity) if ln.retailer_id == op.retailer_id else ln
                for ln in lines
                if ln.retailer_id != op.retailer_id or op.quantity > 0
            ]
        else:
            lines = _added(lines, op.line)
    return Cart(tuple(lines))


def _added(lines: list[CartLine], new: CartLine) -> list[CartLine]:
    for i, ln in enumerate(lines):
        if ln.retailer_id == new.retailer_id:
            lines[i] = replace(new, quantity=ln.quantity + new.quantity)
            return lines
    return [*lines, new]


# Effects: I/O the caller performs after storing the decision.


@dataclass(frozen=True)
class DeliveryChoice:
    option_id: str
    pickup_point_id: str | None = None
    address: str | None = None
    lat: Decimal | None = None
    lon: Decimal | None = None


@dataclass(frozen=True)
class ReceiptContact:
    email: str | None = None  # None: the shopper's WhatsApp number

    @property
    def uses_phone(self) -> bool:
        return self.email is None


@dataclass(frozen=True)
class PlaceOrder:
    """Re-check and reserve stock, create the order, hand it to payments."""

    delivery: DeliveryChoice
    contact: ReceiptContact
    expected_total: Money  # what the shopper confirmed, goods plus delivery
    note: str | None = None  # the shopper's note from the native cart
    promo: str | None = None  # a promo code accepted at the summary; redeemed with the order
    pay_on_delivery: bool = False  # confirmed now, paid in cash or by card at hand-over


@dataclass(frozen=True)
class ProductAsked:
    """The product a shopper's question is about, as the operator should read it."""

    retailer_id: str
    title: str


@dataclass(frozen=True)
class RequestOperator:
    reason: str = "asked"  # asked, return, product_question, not_understood (the desk shows it)
    product: ProductAsked | None = None  # a product question's product


@dataclass(frozen=True)
class ReleaseOperator:
    pass


@dataclass(frozen=True)
class RecordConsent:
    granted: bool
    source: str  # "after_order" or "menu"


@dataclass(frozen=True)
class ShowMyOrders:
    pass


@dataclass(frozen=True)
class ShowShop:
    """«О магазине»: the caller shows the shop's profile (its logo with a caption)."""


@dataclass(frozen=True)
class ShowReturns:
    """«Вернуть товар»: the caller lists the orders a return may be asked for."""


@dataclass(frozen=True)
class AskReturn:
    order_id: int
    code: str  # the reason chosen: size, defect, wrong, other


@dataclass(frozen=True)
class SetLocale:
    """The shopper chose a language: every later text of the chat uses it."""

    locale: Locale


Effect = (
    PlaceOrder
    | RequestOperator
    | ReleaseOperator
    | RecordConsent
    | ShowMyOrders
    | SetLocale
    | ShowReturns
    | AskReturn
    | ShowShop
)


@dataclass(frozen=True)
class Decision:
    replies: tuple[FreeFormMessage, ...]
    next_state: ChatState
    context: Context
    cart_ops: tuple[CartOp, ...] = ()
    effects: tuple[Effect, ...] = ()
