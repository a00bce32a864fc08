"""The profile document (`GET`/`PUT /api/settings/shop`, the shop page) and where it is kept."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.shop_profile.inn import inn_valid
from shop.texts import t

KEY = "shop_profile"
PHONE = re.compile(r"^\+?[0-9]{10,15}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


class ShopProfile(BaseModel):
    """What the shop is called and how to reach it; empty fields are simply not shown."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100, description="The shop's name for shoppers")
    legal_name: str = Field(default="", max_length=200, description="The seller's legal name")
    inn: str = Field(
        default="",
        max_length=12,
        description="INN: 10 or 12 digits, checksum verified",
    )
    address: str = Field(default="", max_length=300, description="The shop's address")
    phone: str = Field(default="", max_length=20, description="Contact phone, +79001234567")
    email: str = Field(default="", max_length=120, description="Contact e-mail")
    hours: str = Field(default="", max_length=200, description="Working hours, as written")
    logo_url: str = Field(default="", max_length=500, description="An https:// address of the logo")

    @field_validator("inn")
    @classmethod
    def _inn(cls, value: str) -> str:
        if value and not inn_valid(value):
            raise ValueError(t("settings.shop.inn_bad"))
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        compact = re.sub(r"[\s()\-]", "", value)
        if compact and not PHONE.match(compact):
            raise ValueError(t("settings.shop.phone_bad"))
        return compact

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and not EMAIL.match(value):
            raise ValueError(t("settings.shop.email_bad"))
        return value.lower()

    @field_validator("logo_url")
    @classmethod
    def _logo(cls, value: str) -> str:
        if value and not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
            raise ValueError(t("settings.shop.logo_bad"))
        return value


def logo_origin(profile: ShopProfile | None) -> str | None:
    """`https://cdn.example.ru` of the logo, for the order page's Content-Security-Policy; None
    without a logo or when its host is not a plain name (nothing else may enter the header)."""
    if profile is None or not profile.logo_url:
        return None
    host = urlsplit(profile.logo_url).netloc
    return f"https://{host}" if HOST.match(host) else None


async def load_profile(session: AsyncSession) -> ShopProfile | None:
    """The saved profile; None until the merchant saves one."""
    return await merchant_settings.load(session, KEY, ShopProfile)
