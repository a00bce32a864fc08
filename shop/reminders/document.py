"""The reminders document the merchant edits (`GET`/`PUT /api/settings/reminders`, the
reminders settings page): steps, quiet hours, the monthly cap and the channel guard's
thresholds, each in the unit a merchant thinks in (hours, days, percent).

It is stored whole under one merchant_setting key and read by the scheduler at its next run
(`effective_config`): the environment gives the defaults, the older one-key-per-value rows
come next, and a saved document wins over both.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.reminders.config import (
    PARSERS,
    NudgeConfig,
    NudgeConfigError,
    build_config,
    default_config,
)
from shop.settings import Settings
from shop.storage.tables import MerchantSetting
from shop.texts import t

KEY = "reminders"
MAX_STEPS = 5
# The one-key-per-value rows the first reminders page wrote; a saved document replaces them.
LEGACY_KEYS = tuple(k for k in PARSERS if k != "shop_timezone")
TEMPLATE = r"^[a-z0-9_]{1,512}$"  # Meta's rule for a template's name
PROMO = r"^([A-Za-z0-9_-]{1,15})?$"  # a COPY_CODE button holds at most 15 characters
CLOCK = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


class ReminderStep(BaseModel):
    """One reminder, sent once the cart has been left alone for `after_hours`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    after_hours: Decimal = Field(
        ge=Decimal("0.1"), le=720, decimal_places=2, description="Hours after the last change"
    )
    template: str = Field(description="The approved template's name")
    promo_code: str = Field(default="", description="Its COPY_CODE button's code; may be empty")

    @field_validator("after_hours")
    @classmethod
    def _to_the_minute(cls, value: Decimal) -> Decimal:
        return value.quantize(Decimal("0.01"))

    @field_validator("template")
    @classmethod
    def _template(cls, value: str) -> str:
        if not re.match(TEMPLATE, value):
            raise ValueError(t("settings.reminders.template_bad"))
        return value

    @field_validator("promo_code")
    @classmethod
    def _promo(cls, value: str) -> str:
        if not re.match(PROMO, value):
            raise ValueError(t("settings.reminders.promo_bad"))
        return value


class ReminderSettings(BaseModel):
    """When abandoned-cart reminders go out, how many, and when the guard pauses them."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    enabled: bool = Field(default=True, description="Reminders are sent at all")
    steps: list[ReminderStep] = Field(min_length=1, max_length=MAX_STEPS)
    quiet_from: str | None = Field(
        default=None, description='No reminders from, "21:00" in the shop\'s time'
    )
    quiet_until: str | None = Field(
        default=None, validate_default=True, description='…until, "09:00"; both null: none'
    )
    max_lateness_hours: int = Field(
        default=12, ge=0, le=168, description="A reminder held up longer is dropped"
    )
    holidays: list[date] = Field(
        default_factory=list, max_length=60, description="Days without reminders"
    )
    cap_30d: int = Field(default=4, ge=0, le=100, description="Marketing messages per 30 days")
    guard_opt_out_percent: Decimal = Field(
        default=Decimal("0.5"), gt=0, le=100, decimal_places=3, description="Opt-outs, %"
    )
    guard_complaint_percent: Decimal = Field(
        default=Decimal("0.1"), gt=0, le=100, decimal_places=3, description="Complaints, %"
    )
    guard_min_delivered: int = Field(default=200, ge=1, le=1_000_000)
    guard_opt_out_backstop: int = Field(default=5, ge=1, le=1_000_000)
    guard_window_days: int = Field(default=7, ge=1, le=30)

    @field_validator("steps")
    @classmethod
    def _increasing(cls, steps: list[ReminderStep]) -> list[ReminderStep]:
        if any(b.after_hours <= a.after_hours for a, b in pairwise(steps)):
            raise ValueError(t("settings.reminders.increasing"))
        return steps

    @field_validator("quiet_from", "quiet_until", mode="before")
    @classmethod
    def _clock_time(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or not CLOCK.match(value.strip()):
            raise ValueError(t("settings.error.time_parsing"))
        return value.strip().zfill(5)

    @field_validator("quiet_until")
    @classmethod
    def _quiet_pair(cls, until: str | None, info: ValidationInfo) -> str | None:
        start = info.data.get("quiet_from")
        if (start is None) != (until is None):
            raise ValueError(t("settings.reminders.quiet_both"))
        if start is not None and start == until:
            raise ValueError(t("settings.reminders.quiet_same"))
        return until


def _minutes(hours: Decimal) -> int:
    return int((hours * 60).to_integral_value())


def _clock(moment: time) -> str:
    return moment.strftime("%H:%M")


def overrides_of(doc: ReminderSettings) -> dict[str, str]:
    """The document as the overrides `build_config` reads (one text per key)."""
    quiet = "off"
    if doc.quiet_from is not None and doc.quiet_until is not None:
        quiet = f"{doc.quiet_from}-{doc.quiet_until}"
    return {
        "nudges_enabled": "on" if doc.enabled else "off",
        "nudge_steps": ",".join(f"{_minutes(s.after_hours)}m" for s in doc.steps),
        "nudge_templates": ",".join(s.template for s in doc.steps),
        "nudge_promo_codes": ",".join(s.promo_code for s in doc.steps),
        "quiet_hours": quiet,
        "nudge_max_lateness": f"{doc.max_lateness_hours}h",
        "nudge_holidays": ",".join(d.isoformat() for d in sorted(doc.holidays)),
        "marketing_cap_30d": str(doc.cap_30d),
        "guard_opt_out_percent": str(doc.guard_opt_out_percent),
        "guard_complaint_percent": str(doc.guard_complaint_percent),
        "guard_min_delivered": str(doc.guard_min_delivered),
        "guard_opt_out_backstop": str(doc.guard_opt_out_backstop),
        "guard_window": f"{doc.guard_window_days}d",
    }


def effective_config(settings: Settings, stored: Mapping[str, str]) -> NudgeConfig:
    """What the scheduler follows: the environment, the older rows, then the document.
    NudgeConfigError when the rows cannot be read (the caller keeps what it had)."""
    overrides = dict(stored)
    raw = stored.get(KEY)
    if raw is not None:
        overrides.update(overrides_of(ReminderSettings.model_validate_json(raw)))
    return build_config(settings, overrides)


def _hours(delta: timedelta) -> Decimal:
    return (Decimal(int(delta.total_seconds())) / 3600).quantize(Decimal("0.01"))


def document_of(config: NudgeConfig) -> ReminderSettings:
    """The configuration in force as a document, for a merchant who has not saved one."""
    quiet = config.quiet_hours or (None, None)
    return ReminderSettings.model_construct(
        enabled=config.enabled,
        steps=[
            ReminderStep.model_construct(
                after_hours=_hours(s.delay), template=s.template, promo_code=s.promo_code or ""
            )
            for s in config.steps
        ],
        quiet_from=None if quiet[0] is None else _clock(quiet[0]),
        quiet_until=None if quiet[1] is None else _clock(quiet[1]),
        max_lateness_hours=math.ceil(config.max_lateness.total_seconds() / 3600),
        holidays=sorted(config.holidays),
        cap_30d=config.cap_30d,
        guard_opt_out_percent=(config.guard.opt_out_rate * 100).normalize(),
        guard_complaint_percent=(config.guard.complaint_rate * 100).normalize(),
        guard_min_delivered=config.guard.min_delivered,
        guard_opt_out_backstop=config.guard.opt_out_backstop,
        guard_window_days=max(1, math.ceil(config.guard.window.total_seconds() / 86400)),
    )


async def _rows(session: AsyncSession) -> dict[str, str]:
    return {r.key: r.value for r in (await session.exec(select(MerchantSetting))).all()}


async def current(session: AsyncSession, settings: Settings) -> tuple[ReminderSettings, bool]:
    """The saved document, or the configuration in force as one; and whether it was saved."""
    rows = await _rows(session)
    if KEY in rows:
        return ReminderSettings.model_validate_json(rows[KEY]), True
    try:
        return document_of(build_config(settings, rows)), False
    except NudgeConfigError:
        return document_of(default_config(settings)), False


async def save_reminders(session: AsyncSession, doc: ReminderSettings, now: datetime) -> None:
    """Store the document in the caller's transaction; the older rows it replaces go."""
    await merchant_settings.save(session, KEY, doc, now)
    for key in LEGACY_KEYS:
        row = await session.get(MerchantSetting, key)
        if row is not None:
            await session.delete(row)
