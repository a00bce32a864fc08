"""The nudge configuration: Settings defaults, merchant overrides and readable refusals."""

from __future__ import annotations

import os
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from shop.reminders.config import NudgeConfigError, NudgeStep, build_config, default_config
from shop.settings import Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("NUDGE_", "QUIET_", "MARKETING_", "SHOP_", "WHATSAPP_")):
            monkeypatch.delenv(name)


@pytest.fixture
def settings() -> Settings:
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_defaults_come_from_settings(settings: Settings) -> None:
    config = default_config(settings)
    assert config.steps == (
        NudgeStep(timedelta(hours=1), "cart_reminder"),
        NudgeStep(timedelta(hours=24), "cart_reminder"),
    )
    assert config.quiet_hours == (time(21), time(9))
    assert config.cap_30d == 4
    assert str(config.zone) == "Europe/Moscow"
    assert config.max_lateness == timedelta(hours=12)
    assert config.guard.opt_out_rate == Decimal("0.005")
    assert build_config(settings, {}) == config


def test_settings_from_the_environment_are_the_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUDGE_STEPS", "30m,2h,1d")
    monkeypatch.setenv("NUDGE_TEMPLATE", "basket")
    monkeypatch.setenv("QUIET_HOURS", "off")
    config = default_config(Settings(_env_file=None))  # type: ignore[call-arg]
    assert [s.delay for s in config.steps] == [
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(days=1),
    ]
    assert {s.template for s in config.steps} == {"basket"}
    assert config.quiet_hours is None


def test_merchant_overrides_apply(settings: Settings) -> None:
    config = build_config(
        settings,
        {
            "nudge_steps": "2h, 1d, 3d",
            "nudge_templates": "cart_a,cart_b,cart_c",
            "nudge_promo_codes": ",,LAST-5",
            "quiet_hours": "22:00-08:30",
            "nudge_max_lateness": "6h",
            "nudge_holidays": "2027-01-01, 08.03.2027",
            "marketing_cap_30d": "2",
            "shop_timezone": "Asia/Vladivostok",
            "nudges_enabled": "off",
            "guard_opt_out_percent": "0,3",
            "guard_complaint_percent": "0.05%",
            "guard_min_delivered": "500",
            "guard_window": "3d",
            "catalog_sync_interval": "whatever",  # another feature's setting: not ours
        },
    )
    assert config.steps == (
        NudgeStep(timedelta(hours=2), "cart_a"),
        NudgeStep(timedelta(days=1), "cart_b"),
        NudgeStep(timedelta(days=3), "cart_c", "LAST-5"),
    )
    assert config.quiet_hours == (time(22), time(8, 30))
    assert config.max_lateness == timedelta(hours=6)
    assert config.holidays == {date(2027, 1, 1), date(2027, 3, 8)}
    assert config.cap_30d == 2
    assert str(config.zone) == "Asia/Vladivostok"
    assert not config.enabled
    assert config.guard.opt_out_rate == Decimal("0.003")
    assert config.guard.complaint_rate == Decimal("0.0005")
    assert config.guard.min_delivered == 500
    assert config.guard.window == timedelta(days=3)


def test_one_template_and_promo_code_serve_every_step(settings: Settings) -> None:
    config = build_config(settings, {"nudge_templates": "solo", "nudge_promo_codes": "HELLO"})
    assert [(s.template, s.promo_code) for s in config.steps] == [("solo", "HELLO")] * 2


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("nudge_steps", "24h,1h", "increasing"),
        ("nudge_steps", "1h,1h", "increasing"),
        ("nudge_steps", "1 hour", "duration"),
        ("nudge_steps", "1m", "at least 5m"),
        ("nudge_templates", "Cart Reminder", "template name"),
        ("nudge_templates", "a,b,c", "one per step"),
        ("nudge_promo_codes", "THIS-CODE-IS-FAR-TOO-LONG", "promo code"),
        ("quiet_hours", "9pm-9am", "interval"),
        ("quiet_hours", "09:00-09:00", "differ"),
        ("nudge_max_lateness", "30d", "at most 7d"),
        ("nudge_holidays", "31.02.2027", "date"),
        ("marketing_cap_30d", "lots", "whole number"),
        ("marketing_cap_30d", "500", "between 0 and 100"),
        ("shop_timezone", "Mars/Olympus", "unknown time zone"),
        ("nudges_enabled", "maybe", "on or off"),
        ("guard_opt_out_percent", "abc", "percentage"),
        ("guard_opt_out_percent", "0", "above 0"),
        ("guard_window", "10m", "between 1h and 30d"),
    ],
)
def test_bad_overrides_are_refused_readably(
    settings: Settings, key: str, value: str, fragment: str
) -> None:
    with pytest.raises(NudgeConfigError) as caught:
        build_config(settings, {key: value})
    (problem,) = caught.value.problems
    assert (problem.key, problem.value) == (key, value)
    assert fragment in problem.message_en
    assert any("а" <= ch <= "я" for ch in problem.message_ru)
    assert key in str(caught.value)


def test_every_problem_is_listed_at_once(settings: Settings) -> None:
    with pytest.raises(NudgeConfigError) as caught:
        build_config(settings, {"marketing_cap_30d": "-1", "quiet_hours": "nope"})
    assert {p.key for p in caught.value.problems} == {"marketing_cap_30d", "quiet_hours"}


def test_repeated_delays_from_the_environment_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUDGE_STEPS", "1h,1h")
    with pytest.raises(ValidationError, match="increasing"):
        Settings(_env_file=None)  # type: ignore[call-arg]
