"""The nudge configuration: Settings defaults plus the merchant's stored overrides, validated."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shop.settings import Settings, parse_duration, parse_quiet_hours
from shop.texts import t

_PROMO = re.compile(r"^[A-Za-z0-9_-]{1,15}$")  # a COPY_CODE button holds at most 15 characters
_TEMPLATE = re.compile(r"^[a-z0-9_]{1,512}$")  # Meta's template name rule


@dataclass(frozen=True)
class NudgeStep:
    """One reminder: sent once the cart has been idle for `delay`."""

    delay: timedelta
    template: str
    promo_code: str | None = None


@dataclass(frozen=True)
class GuardThresholds:
    """When the channel guard pauses nudging (see guard.py for why these numbers)."""

    opt_out_rate: Decimal = Decimal("0.005")
    complaint_rate: Decimal = Decimal("0.001")
    min_delivered: int = 200
    opt_out_backstop: int = 5
    window: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class NudgeConfig:
    """Everything the policy needs to know about the merchant's choices."""

    steps: tuple[NudgeStep, ...]
    zone: ZoneInfo
    quiet_hours: tuple[time, time] | None = (time(21, 0), time(9, 0))
    max_lateness: timedelta = timedelta(hours=12)
    holidays: frozenset[date] = field(default_factory=frozenset)
    cap_30d: int = 4
    guard: GuardThresholds = field(default_factory=GuardThresholds)
    enabled: bool = True


@dataclass(frozen=True)
class ConfigProblem:
    """One refused override, phrased for the merchant page."""

    key: str
    value: str
    message_ru: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.key}={self.value!r}: {self.message_en}"


class NudgeConfigError(ValueError):
    """The merchant's overrides contain problems; every one is listed."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def default_config(settings: Settings) -> NudgeConfig:
    """The configuration straight from Settings: every step uses NUDGE_TEMPLATE."""
    delays = settings.nudge_steps
    if any(b <= a for a, b in pairwise(delays)):
        # Settings accepts `1h,1h`; two reminders at the same moment would be sent back to back.
        text = ",".join(f"{int(d.total_seconds())}s" for d in delays)
        raise NudgeConfigError(
            [
                ConfigProblem(
                    "NUDGE_STEPS",
                    text,
                    t("reminders.setting.increasing", "ru"),
                    t("reminders.setting.increasing", "en"),
                )
            ]
        )
    return NudgeConfig(
        steps=tuple(NudgeStep(d, settings.nudge_template) for d in settings.nudge_steps),
        zone=settings.zone,
        quiet_hours=settings.quiet_hours,
        cap_30d=settings.marketing_cap_30d,
    )


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",")]


def _steps(text: str) -> list[timedelta]:
    delays = [parse_duration(p) for p in _csv(text) if p]
    if not delays or any(b <= a for a, b in pairwise(delays)):
        raise ValueError("must be a non-empty, strictly increasing list like 1h,24h")
    if delays[0] < timedelta(minutes=5):
        raise ValueError("the first reminder must wait at least 5m")
    return delays


def _templates(text: str) -> list[str]:
    names = _csv(text)
    for name in names:
        if not _TEMPLATE.match(name):
            raise ValueError(f"{name!r} is not a template name (lowercase letters, digits, _)")
    return names


def _promos(text: str) -> list[str | None]:
    codes = _csv(text)
    for code in codes:
        if code and not _PROMO.match(code):
            raise ValueError(f"{code!r} is not a promo code (1–15 letters, digits, - or _)")
    return [code or None for code in codes]


def _holidays(text: str) -> frozenset[date]:
    days = set()
    for part in _csv(text):
        if not part:
            continue
        try:
            days.add(
                datetime.strptime(part, "%d.%m.%Y").date()  # noqa: DTZ007 - a date only
                if "." in part
                else date.fromisoformat(part)
            )
        except ValueError:
            raise ValueError(f"{part!r} is not a date like 2027-01-01 or 01.01.2027") from None
    return frozenset(days)


def _int_in(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError("must be a whole number") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return parse


def _percent(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().rstrip("%").replace(",", "."))
    except InvalidOperation:
        raise ValueError("must be a percentage like 0.5") from None
    if not value.is_finite() or not Decimal(0) < value <= Decimal(100):
        raise ValueError("must be a percentage above 0 and at most 100")
    return value / 100


def _zone(text: str) -> ZoneInfo:
    try:
        return ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {text.strip()!r}") from None


def _lateness(text: str) -> timedelta:
    value = parse_duration(text)
    if value > timedelta(days=7):
        raise ValueError("must be at most 7d")
    return value


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"on", "true", "yes", "1", "да"}:
        return True
    if lowered in {"off", "false", "no", "0", "нет"}:
        return False
    raise ValueError("must be on or off")


def _window(text: str) -> timedelta:
    value = parse_duration(text)
    if not timedelta(hours=1) <= value <= timedelta(days=30):
        raise ValueError("must be between 1h and 30d")
    return value


# key → parser; what each expects, in the merchant's words, is the text `reminders.setting.<key>`
PARSERS: dict[str, Callable[[str], Any]] = {
    "nudge_steps": _steps,
    "nudge_templates": _templates,
    "nudge_promo_codes": _promos,
    "quiet_hours": parse_quiet_hours,
    "nudge_max_lateness": _lateness,
    "nudge_holidays": _holidays,
    "marketing_cap_30d": _int_in(0, 100),
    "shop_timezone": _zone,
    "nudges_enabled": _flag,
    "guard_opt_out_percent": _percent,
    "guard_complaint_percent": _percent,
    "guard_min_delivered": _int_in(1, 1_000_000),
    "guard_opt_out_backstop": _int_in(1, 1_000_000),
    "guard_window": _window,
}


def _parse_all(overrides: Mapping[str, str]) -> tuple[dict[str, Any], list[ConfigProblem]]:
    values: dict[str, Any] = {}
    problems: list[ConfigProblem] = []
    for key, raw in overrides.items():
        if key not in PARSERS:
            continue  # the table holds other features' settings too
        try:
            values[key] = PARSERS[key](raw)
        except ValueError as exc:
            expected = t("reminders.setting.expected", "ru", what=t(f"reminders.setting.{key}"))
            problems.append(ConfigProblem(key, raw, expected, str(exc)))
    return values, problems


def _build_steps(
    base: NudgeConfig, values: dict[str, Any], overrides: Mapping[str, str]
) -> tuple[tuple[NudgeStep, ...], list[ConfigProblem]]:
    delays: list[timedelta] = values.get("nudge_steps", [s.delay for s in base.steps])
    count = len(delays)
    templates: list[str] = values.get("nudge_templates", [s.template for s in base.steps][:1])
    promos: list[str | None] = values.get("nudge_promo_codes", [None])
    problems = []
    for key, items in (("nudge_templates", templates), ("nudge_promo_codes", promos)):
        if len(items) not in {1, count}:
            problems.append(
                ConfigProblem(
                    key,
                    overrides.get(key, ""),
                    t("reminders.setting.per_step", "ru", count=count),
                    t("reminders.setting.per_step", "en", count=count),
                )
            )
    if problems:
        return base.steps, problems
    templates = templates * count if len(templates) == 1 else templates
    promos = promos * count if len(promos) == 1 else promos
    steps = zip(delays, templates, promos, strict=True)
    return tuple(NudgeStep(d, t, p) for d, t, p in steps), []


def build_config(settings: Settings, overrides: Mapping[str, str]) -> NudgeConfig:
    """Settings defaults with the merchant's overrides applied; NudgeConfigError lists problems."""
    base = default_config(settings)
    values, problems = _parse_all(overrides)
    steps, step_problems = _build_steps(base, values, overrides)
    problems += step_problems
    if problems:
        raise NudgeConfigError(problems)
    guard = GuardThresholds(
        opt_out_rate=values.get("guard_opt_out_percent", base.guard.opt_out_rate),
        complaint_rate=values.get("guard_complaint_percent", base.guard.complaint_rate),
        min_delivered=values.get("guard_min_delivered", base.guard.min_delivered),
        opt_out_backstop=values.get("guard_opt_out_backstop", base.guard.opt_out_backstop),
        window=values.get("guard_window", base.guard.window),
    )
    return replace(
        base,
        steps=steps,
        zone=values.get("shop_timezone", base.zone),
        quiet_hours=values.get("quiet_hours", base.quiet_hours),
        max_lateness=values.get("nudge_max_lateness", base.max_lateness),
        holidays=values.get("nudge_holidays", base.holidays),
        cap_30d=values.get("marketing_cap_30d", base.cap_30d),
        guard=guard,
        enabled=values.get("nudges_enabled", base.enabled),
    )
