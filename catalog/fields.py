"""Field parsers shared by every CSV format: text in, exact value out, or a FieldError."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from catalog import fiscal
from catalog.money import Money, PriceError, parse_price
from catalog.product import Availability, Condition

_PRICE_CODES = {
    "currency": "price_currency",
    "negative": "price_positive",
    "too_large": "price_too_large",
}


class FieldError(ValueError):
    """Why one cell is unacceptable; the caller adds row and column."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def text(value: str, limit: int, *, required: bool = False) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise FieldError("required")
    if len(cleaned) > limit:
        raise FieldError("too_long", length=len(cleaned), limit=limit)
    return cleaned


def price(value: str, currency: str = "RUB") -> Money:
    """A price in the shop's one `currency` (a price without a currency is in it)."""
    if not value.strip():
        raise FieldError("required")
    try:
        money = parse_price(value, default_currency=currency)
    except PriceError as exc:
        raise FieldError(_PRICE_CODES.get(exc.code, "price_format"), value=value) from None
    if money.currency != currency:
        # Carts, orders and payments hold one currency: such an item could never be sold.
        raise FieldError("price_other_currency", value=value, currency=currency)
    if money.amount <= 0:
        raise FieldError("price_positive", value=value)
    return money


def sale_price(value: str, regular: Money | None, currency: str = "RUB") -> Money | None:
    if not value.strip():
        return None
    money = price(value, currency)
    if regular is not None and money.currency != regular.currency:
        raise FieldError("currency_mismatch", value=money.graph(), price=regular.graph())
    if regular is not None and money.amount >= regular.amount:
        raise FieldError("sale_not_lower", value=money.graph(), price=regular.graph())
    return money


_AVAILABILITY = {
    **{a.value: a for a in Availability},
    "instock": Availability.IN_STOCK,
    "in_stock": Availability.IN_STOCK,
    "out_of_stock": Availability.OUT_OF_STOCK,
    "available_for_order": Availability.AVAILABLE_FOR_ORDER,
    "в наличии": Availability.IN_STOCK,
    "есть": Availability.IN_STOCK,
    "да": Availability.IN_STOCK,
    "нет в наличии": Availability.OUT_OF_STOCK,
    "нет": Availability.OUT_OF_STOCK,
    "под заказ": Availability.AVAILABLE_FOR_ORDER,
    "предзаказ": Availability.PREORDER,
    "снят с продажи": Availability.DISCONTINUED,
}
_CONDITION = {
    **{c.value: c for c in Condition},
    "новый": Condition.NEW,
    "новое": Condition.NEW,
    "новая": Condition.NEW,
    "б/у": Condition.USED,
    "бу": Condition.USED,
    "восстановленный": Condition.REFURBISHED,
    "восстановленное": Condition.REFURBISHED,
}
_YES = {"1", "да", "yes", "true", "y", "д", "+", "active", "активен", "опубликован"}
_NO = {"0", "нет", "no", "false", "n", "н", "-", "draft", "archived", "скрыт", "архив"}


def _key(value: str) -> str:
    return " ".join(value.strip().lower().replace("ё", "е").split())


def availability(value: str, quantity: int | None) -> Availability:
    if not value.strip():
        if quantity is not None and quantity <= 0:
            return Availability.OUT_OF_STOCK
        return Availability.IN_STOCK
    found = _AVAILABILITY.get(_key(value))
    if found is None:
        raise FieldError("availability", value=value)
    return found


def condition(value: str) -> Condition:
    if not value.strip():
        return Condition.NEW
    found = _CONDITION.get(_key(value))
    if found is None:
        raise FieldError("condition", value=value)
    return found


_WHOLE = re.compile(r"^\d+(?:[.,]0+)?$")


def quantity(value: str, *, clamp_negative: bool = False) -> int | None:
    cleaned = value.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if clamp_negative and re.fullmatch(r"-\d+", cleaned):
        return 0  # Shopify exports oversold stock as negative: nothing left to sell
    if not _WHOLE.match(cleaned) or len(cleaned) > 9:
        raise FieldError("quantity", value=value)
    return int(re.split(r"[.,]", cleaned)[0])


def url(value: str, limit: int) -> str:
    cleaned = text(value, limit)
    if cleaned and not re.match(r"^https?://[^\s]+$", cleaned, re.IGNORECASE):
        raise FieldError("url", value=value)
    return cleaned


def image(value: str, limit: int, *, shown: bool) -> str:
    """Meta refuses a catalog item without `image_link`: a product that will be shown must
    have one, so the merchant hears of it at import instead of finding it missing later."""
    cleaned = url(value, limit)
    if shown and not cleaned:
        raise FieldError("image_required")
    return cleaned


def vat_code(value: str) -> int | None:
    try:
        return fiscal.vat_code_of(value)
    except ValueError:
        raise FieldError("vat_code", value=value) from None


def payment_subject(value: str) -> str | None:
    try:
        return fiscal.payment_subject_of(value)
    except ValueError:
        raise FieldError("payment_subject", value=value) from None


def flag(value: str, default: bool = True) -> bool:
    key = _key(value)
    if not key:
        return default
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise FieldError("flag", value=value)


class _TextOf(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "ul", "ol"})
    _SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    """Shopify's `Body (HTML)` as the plain text Meta requires; scripts and styles dropped."""
    if "<" not in value and "&" not in value:
        return value.strip()
    parser = _TextOf()
    parser.feed(value)
    parser.close()
    lines = (" ".join(line.split()) for line in unescape("".join(parser.parts)).splitlines())
    return "\n".join(line for line in lines if line)
