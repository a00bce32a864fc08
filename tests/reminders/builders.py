"""Builders for the pure nudge tests: a default configuration, carts, shoppers, templates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shop.consent.rules import ConsentState
from shop.reminders.config import NudgeConfig, NudgeStep
from shop.reminders.policy import CartView, NudgeDecision, ShopperView, TemplateView, next_nudge

MOSCOW = ZoneInfo("Europe/Moscow")  # UTC+3 all year
VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")  # UTC+10 all year

CONFIG = NudgeConfig(
    steps=(
        NudgeStep(timedelta(hours=1), "cart_reminder"),
        NudgeStep(timedelta(hours=24), "cart_reminder_promo", "SAVE10"),
    ),
    zone=MOSCOW,
)
TEMPLATES = {
    "cart_reminder": TemplateView(
        "cart_reminder", "APPROVED", "MARKETING", ("customer_name", "cart_total")
    ),
    "cart_reminder_promo": TemplateView(
        "cart_reminder_promo", "APPROVED", "MARKETING", ("1", "2", "3")
    ),
}


def msk(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A Moscow wall-clock moment in March 2027, as an aware UTC datetime."""
    return datetime(2027, month, day, hour, minute, tzinfo=MOSCOW).astimezone(UTC)


def cart(changed: datetime, **kw: Any) -> CartView:
    return CartView(**{"cart_id": "c1", "item_count": 2, "last_changed_at": changed, **kw})


SHOPPER = ShopperView(consent=ConsentState.GRANTED)


def decide(
    c: CartView,
    now: datetime,
    *,
    shopper: ShopperView = SHOPPER,
    history: tuple[datetime, ...] = (),
    config: NudgeConfig = CONFIG,
    templates: dict[str, TemplateView] | None = None,
    **config_changes: Any,
) -> NudgeDecision:
    if config_changes:
        config = replace(config, **config_changes)
    return next_nudge(
        c, shopper, history, config, now, templates=TEMPLATES if templates is None else templates
    )
