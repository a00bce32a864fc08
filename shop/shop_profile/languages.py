"""The shop's currency and languages (`GET`/`PUT /api/settings/languages`, the languages page).

SHOP_CURRENCY is the currency until the merchant saves this document; from then on the
document's is, on every process at its next transaction. A change of currency is refused
while products or orders still open are priced in the old one: their prices would be read in
a currency they were not set in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.tables import CatalogProduct
from shop import merchant_settings
from shop.merchant_settings import Problem, Refused
from shop.orders.model import TRANSITIONS
from shop.orders.tables import ShopOrder
from shop.storage.fastpath import once_per_transaction
from shop.storage.sql import run
from shop.texts import Locale, t

KEY = "languages"
# The currencies a Russian merchant's shoppers pay in through YooKassa.
CURRENCIES = ("RUB", "BYN", "KZT", "UZS", "USD", "EUR")
_PRODUCT = CatalogProduct.__table__  # type: ignore[attr-defined]
_ORDER = ShopOrder.__table__  # type: ignore[attr-defined]
ENDED = tuple(status.value for status, onward in TRANSITIONS.items() if not onward)


class ShopLanguages(BaseModel):
    """The shop's currency, and the languages its chat speaks."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    currency: str = Field(description="ISO 4217: every price, cart and order is in it")
    english_offered: bool = Field(
        default=True, description="Shoppers may switch the chat to English"
    )
    default_language: Literal["ru", "en"] = Field(
        default="ru", description="The language a new chat starts in"
    )

    @field_validator("currency")
    @classmethod
    def _known(cls, value: str) -> str:
        if value.upper() not in CURRENCIES:
            raise ValueError(t("settings.languages.currency_bad", known=", ".join(CURRENCIES)))
        return value.upper()

    @field_validator("default_language")
    @classmethod
    def _offered(cls, value: str, info: ValidationInfo) -> str:
        if value == "en" and info.data.get("english_offered") is False:
            raise ValueError(t("settings.languages.english_off"))
        return value

    @property
    def locales(self) -> tuple[Locale, ...]:
        return ("ru", "en") if self.english_offered else ("ru",)

    def spoken(self, chat_locale: str, *, new: bool) -> Locale:
        """The language a chat speaks: a new one starts in the default; English no longer
        offered turns a chat back to Russian."""
        if new:
            return self.default_language
        return "en" if chat_locale == "en" and self.english_offered else "ru"


def defaults(currency: str) -> ShopLanguages:
    """Before the merchant saves: the environment's currency, Russian first, English offered."""
    return ShopLanguages.model_construct(
        currency=currency, english_offered=True, default_language="ru"
    )


async def current(session: AsyncSession, env_currency: str) -> tuple[ShopLanguages, bool]:
    """The document in force (read once per transaction), and whether it was saved."""

    async def read() -> tuple[ShopLanguages, bool]:
        saved = await merchant_settings.load(session, KEY, ShopLanguages)
        return (saved, True) if saved is not None else (defaults(env_currency), False)

    return await once_per_transaction(session, "vitrina.languages", read)


async def priced_in(session: AsyncSession, currency: str) -> tuple[int, int]:
    """How many active products and orders still open are priced in `currency`."""
    products = select(func.count()).where(
        _PRODUCT.c.active.is_(True), _PRODUCT.c.price_currency == currency
    )
    orders = select(func.count()).where(
        _ORDER.c.currency == currency, _ORDER.c.status.not_in(ENDED)
    )
    return (
        int((await run(session, products)).scalar_one()),
        int((await run(session, orders)).scalar_one()),
    )


async def save_languages(
    session: AsyncSession, doc: ShopLanguages, now: datetime, *, env_currency: str
) -> None:
    """Store the document in the caller's transaction; Refused (field `currency`) when the
    currency changes while something is still priced in the old one."""
    before, _ = await current(session, env_currency)
    if doc.currency != before.currency:
        products, orders = await priced_in(session, before.currency)
        if products or orders:
            message = t(
                "settings.languages.currency_in_use",
                old=before.currency,
                products=products,
                orders=orders,
            )
            raise Refused([Problem("currency", message)])
    await merchant_settings.save(session, KEY, doc, now)
    session.info.pop("vitrina.languages", None)
