"""The tax document the merchant edits (`GET`/`PUT /api/settings/taxes`, the taxes page).

It says how every 54-FZ receipt is filled in when a product does not say otherwise (the tax
system, the VAT rate, what is sold and how it is paid), who registers the receipts (YooKassa's
own «Чеки от ЮKassa», which reach the shopper by e-mail only, or the merchant's online cash
register), and whether shoppers may pay on delivery or at pickup.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.fiscal import PAYMENT_SUBJECTS
from payments.receipt import ReceiptDefaults
from shop import merchant_settings
from shop.storage.fastpath import once_per_transaction
from shop.texts import t

KEY = "taxes"
# The receipts' registrar: YooKassa's own receipts go to an e-mail only; an online cash
# register connected to YooKassa can send them to a phone too.
YOOKASSA: Final = "yookassa"
REGISTER: Final = "register"
PREPAYMENT: Final = "full_prepayment"


class TaxSettings(BaseModel):
    """Defaults of every receipt line, the receipts' registrar and pay on delivery."""

    model_config = ConfigDict(extra="forbid")

    tax_system_code: int | None = Field(
        default=None,
        ge=1,
        le=6,
        description="YooKassa's tax_system_code 1–6; null: not sent (the register's own)",
    )
    vat_code: int = Field(default=1, ge=1, le=12, description="YooKassa's vat_code 1–12")
    delivery_vat_code: int | None = Field(
        default=None, ge=1, le=12, description="The delivery line's vat_code; null: vat_code"
    )
    payment_subject: str = Field(
        default="commodity", description="YooKassa's payment_subject, e.g. commodity, service"
    )
    payment_mode: Literal["full_prepayment", "full_payment"] = Field(
        default=PREPAYMENT,
        description="full_prepayment: a settlement receipt follows at hand-over",
    )
    receipts: Literal["register", "yookassa"] = Field(
        default=REGISTER,
        description="yookassa: YooKassa's own receipts, by e-mail only; register: a cash register",
    )
    pay_on_delivery: bool = Field(
        default=False, description="Offer payment in cash or by card on delivery or at pickup"
    )

    @field_validator("payment_subject")
    @classmethod
    def _subject(cls, value: str) -> str:
        if value not in PAYMENT_SUBJECTS:
            raise ValueError(t("taxes.error.subject"))
        return value

    @property
    def email_only(self) -> bool:
        """YooKassa's own receipts reach the shopper by e-mail only."""
        return self.receipts == YOOKASSA

    def receipt_defaults(self, *, delivery_description: str) -> ReceiptDefaults:
        return ReceiptDefaults(
            vat_code=self.vat_code,
            payment_subject=self.payment_subject,
            payment_mode=self.payment_mode,
            tax_system_code=self.tax_system_code,
            delivery_description=delivery_description,
            delivery_vat_code=self.delivery_vat_code,
        )


async def load_taxes(session: AsyncSession) -> TaxSettings:
    """The saved document, or the defaults (no VAT, phone receipts, no pay on delivery)."""
    return await merchant_settings.load(session, KEY, TaxSettings) or TaxSettings()


async def taxes_of_turn(session: AsyncSession) -> TaxSettings:
    """The document read once per transaction (an inbox batch handles many messages)."""
    return await once_per_transaction(session, "vitrina.taxes", lambda: load_taxes(session))


def checkout_terms(taxes: TaxSettings) -> dict[str, bool]:
    """The chat's `SettingsView` fields these settings decide."""
    return {"email_only": taxes.email_only, "pay_on_delivery": taxes.pay_on_delivery}
