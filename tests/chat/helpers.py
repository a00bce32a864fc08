"""Builders for conversation tests: products, catalogs, merchant settings and a chat driver."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from catalog.money import Money
from shop.chat import ids
from shop.chat.decide import decide
from shop.chat.decision import Decision, apply
from shop.chat.intents import ButtonTap, Intent, ListPick, Text
from shop.chat.state import ChatState, Context
from shop.chat.views import (
    Cart,
    CartLine,
    DeliveryKind,
    DeliveryOption,
    MemoryCatalog,
    PickupPoint,
    ProductView,
    SettingsView,
)
from shop.whatsapp.messages import (
    FreeFormMessage,
    ListMessage,
    ProductListMessage,
    ReplyButtons,
    TextMessage,
)


def product(
    sku: str,
    title: str | None = None,
    price: str = "1299",
    category: str = "kettles",
    category_title: str = "Чайники",
    **extra: object,
) -> ProductView:
    return ProductView(
        retailer_id=sku,
        title=title or f"Товар {sku}",
        price=Money.rub(price),
        category_id=category,
        category_title=category_title,
        **extra,  # type: ignore[arg-type]
    )


def catalog(*products: ProductView) -> MemoryCatalog:
    return MemoryCatalog(products)


def many_categories(n: int) -> MemoryCatalog:
    return catalog(
        *(
            product(f"S{i}", category=f"c{i:02d}", category_title=f"Категория {i:02d}")
            for i in range(n)
        )
    )


def many_products(n: int, category: str = "kettles") -> MemoryCatalog:
    return catalog(*(product(f"P{i:03d}", f"Чайник {i:03d}", category=category) for i in range(n)))


SHOP = catalog(
    product("KET1", "Чайник электрический Bosch", "2490", brand="Bosch", stock=5),
    product("KET2", "Чайник заварочный стеклянный", "890", stock=None),
    product("MUG1", "Кружка синяя", "350", "mugs", "Кружки", stock=3),
    product("OLD1", "Кружка старая", "100", "mugs", "Кружки", active=False),
    product("NOSYNC", "Кружка несинхронная", "100", "mugs", "Кружки", synced=False),
    product("GONE", "Кружка раскупленная", "100", "mugs", "Кружки", stock=0),
)
PICKUP = DeliveryOption("pickup", DeliveryKind.PICKUP, "Самовывоз", Money.rub(0))
COURIER = DeliveryOption("courier", DeliveryKind.COURIER, "Курьер", Money.rub(300))
POINT_A = PickupPoint("a", "ТЦ Мега", "ул. Ленина, 1", Decimal("55.75"), Decimal("37.61"))
POINT_B = PickupPoint("b", "Склад", "ул. Заводская, 7", Decimal("55.70"), Decimal("37.50"))
CATALOG_ID = "3541"
SETTINGS = SettingsView(
    delivery_options=(PICKUP, COURIER), pickup_points=(POINT_A, POINT_B), catalog_id=CATALOG_ID
)


def line(sku: str, qty: int = 1, price: str | None = None) -> CartLine:
    found = SHOP.product(sku)
    assert found is not None
    unit = Money.rub(price) if price else found.price
    return CartLine(sku, found.title, qty, unit)


def tap(act: ids.Action) -> ButtonTap:
    return ButtonTap(ids.pack(act))


def pick(act: ids.Action) -> ListPick:
    return ListPick(ids.pack(act, ids.ROW_ID_LIMIT))


@dataclass
class Chat:
    """Drives decide() turn by turn, applying cart operations the way storage will."""

    catalog: MemoryCatalog = SHOP
    settings: SettingsView = SETTINGS
    state: ChatState = ChatState.MENU
    context: Context = field(default_factory=Context)
    cart: Cart = field(default_factory=Cart)
    last: Decision | None = None

    def send(self, intent: Intent | str) -> Decision:
        message = Text(intent) if isinstance(intent, str) else intent
        decision = decide(self.state, message, self.catalog, self.cart, self.settings, self.context)
        self.state, self.context = decision.next_state, decision.context
        self.cart = apply(self.cart, decision.cart_ops)
        self.last = decision
        return decision


def texts(decision: Decision) -> str:
    """Every visible text of the replies, joined, for "the shopper is told" assertions."""
    parts: list[str] = []
    for reply in decision.replies:
        if isinstance(reply, TextMessage | ReplyButtons | ListMessage | ProductListMessage):
            parts.append(reply.body)
    return "\n".join(parts)


def buttons(decision: Decision) -> list[ids.Action | None]:
    """The typed actions of every button and row offered, in order."""
    found: list[ids.Action | None] = []
    for reply in decision.replies:
        if isinstance(reply, ReplyButtons):
            found.extend(ids.unpack(b.id) for b in reply.buttons)
        if isinstance(reply, ListMessage):
            found.extend(ids.unpack(r.id) for s in reply.sections for r in s.rows)
    return found


def only(decision: Decision, kind: type[FreeFormMessage]) -> list[FreeFormMessage]:
    return [r for r in decision.replies if isinstance(r, kind)]
