"""The abandoned-cart nudge policy: values in, one decision out; no I/O, no await."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shop.consent.rules import ConsentState
from shop.reminders.config import NudgeConfig, NudgeStep
from shop.reminders.reasons import CART_REASONS, StopReason, WaitReason

CAP_WINDOW = timedelta(days=30)
MARKETING_LIMIT_BACKOFF = timedelta(hours=24)  # Meta: after 131049 do not retry for 24 h
# The reminder fills these body parameters (named) or as many positional ones, in this order.
NUDGE_PARAMETERS = ("customer_name", "cart_total")
PROMO_PARAMETER = "promo_code"
_MAX_ROUNDS = 1000  # each round moves time forward; the lateness bound ends the search sooner
_STEP = timedelta(seconds=1)


@dataclass(frozen=True)
class CartView:
    cart_id: str
    item_count: int
    last_changed_at: datetime  # the last change of the cart's contents
    ordered: bool = False
    handled_steps: frozenset[int] = frozenset()  # 1-based steps already sent or cancelled
    last_nudge_at: datetime | None = None


@dataclass(frozen=True)
class ShopperView:
    consent: ConsentState
    zone: ZoneInfo | None = None
    last_inbound_at: datetime | None = None
    with_operator: bool = False
    marketing_limited_at: datetime | None = None  # the latest 131049 failure


@dataclass(frozen=True)
class TemplateView:
    """What the policy needs of a message template, spelled as Meta spells it."""

    name: str
    status: str
    category: str
    parameters: tuple[str, ...]  # body parameter names; "1", "2", … when positional
    quick_replies: int | None = None  # QUICK_REPLY buttons, when known


@dataclass(frozen=True)
class Due:
    step: int
    template: str
    send_at: datetime
    due_at: datetime
    promo_code: str | None = None


@dataclass(frozen=True)
class Wait:
    until: datetime
    reason: WaitReason


@dataclass(frozen=True)
class Stop:
    reason: StopReason
    step: int | None = None  # None: the whole cart is finished; else only this step

    @property
    def ends_cart(self) -> bool:
        return self.reason in CART_REASONS


@dataclass(frozen=True)
class Done:
    """Every step of this cart was sent or cancelled."""


NudgeDecision = Due | Wait | Stop | Done

_LATE = {
    WaitReason.QUIET_HOURS: StopReason.LATE_QUIET_HOURS,
    WaitReason.HOLIDAY: StopReason.LATE_HOLIDAY,
    WaitReason.FREQUENCY_CAP: StopReason.LATE_FREQUENCY_CAP,
    WaitReason.MARKETING_LIMIT: StopReason.LATE_MARKETING_LIMIT,
}


def _cart_stop(cart: CartView, shopper: ShopperView, config: NudgeConfig) -> StopReason | None:
    replied = shopper.last_inbound_at is not None and shopper.last_inbound_at > cart.last_changed_at
    checks = (
        (cart.ordered, StopReason.ORDERED),
        (cart.item_count <= 0, StopReason.CART_EMPTY),
        (shopper.consent is ConsentState.WITHDRAWN, StopReason.OPTED_OUT),
        (shopper.consent is not ConsentState.GRANTED, StopReason.NO_CONSENT),
        (shopper.with_operator, StopReason.WITH_OPERATOR),
        (replied, StopReason.REPLIED),
        (not config.enabled or config.cap_30d <= 0, StopReason.NUDGES_DISABLED),
    )
    return next((reason for hit, reason in checks if hit), None)


def _next_step(cart: CartView, config: NudgeConfig) -> int | None:
    pending = (n for n in range(1, len(config.steps) + 1) if n not in cart.handled_steps)
    return next(pending, None)


def _due_at(cart: CartView, config: NudgeConfig, step: int) -> datetime:
    """Idle time from the last change; later steps also keep their spacing after the last send."""
    due = cart.last_changed_at + config.steps[step - 1].delay
    if step > 1 and cart.last_nudge_at is not None:
        gap = config.steps[step - 1].delay - config.steps[step - 2].delay
        due = max(due, cart.last_nudge_at + gap)
    return due


def quiet_until(
    moment: datetime, zone: ZoneInfo, quiet: tuple[time, time] | None
) -> datetime | None:
    """The end of the quiet period `moment` falls in (local wall clock), or None if not quiet."""
    if quiet is None:
        return None
    start, end = quiet
    local = moment.astimezone(zone)
    now = local.time().replace(tzinfo=None)
    inside = start <= now < end if start < end else (now >= start or now < end)
    if not inside:
        return None
    day = local.date() if now < end else local.date() + timedelta(days=1)
    until = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
    if until <= moment:
        # The end's wall-clock time repeats after a clock change (the moment is in the second
        # pass of that hour): the quiet period ends at its later occurrence.
        until = datetime.combine(day, end.replace(fold=1), tzinfo=zone).astimezone(UTC)
    return until


def _holiday_until(moment: datetime, zone: ZoneInfo, holidays: frozenset[date]) -> datetime | None:
    day = moment.astimezone(zone).date()
    if day not in holidays:
        return None
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


def cap_frees_at(moment: datetime, history: Sequence[datetime], cap: int) -> datetime | None:
    """When one more marketing message fits the rolling 30 days, if not at `moment`."""
    recent = sorted(sent for sent in history if sent > moment - CAP_WINDOW)
    if len(recent) < cap:
        return None
    # A send stops counting exactly 30 days after it was made.
    return recent[len(recent) - cap] + CAP_WINDOW


def _blocked_until(
    moment: datetime,
    zone: ZoneInfo,
    shopper: ShopperView,
    history: Sequence[datetime],
    config: NudgeConfig,
) -> tuple[datetime, WaitReason] | None:
    quiet = quiet_until(moment, zone, config.quiet_hours)
    if quiet is not None:
        return quiet, WaitReason.QUIET_HOURS
    holiday = _holiday_until(moment, zone, config.holidays)
    if holiday is not None:
        return holiday, WaitReason.HOLIDAY
    capped = cap_frees_at(moment, history, config.cap_30d)
    if capped is not None:
        return capped, WaitReason.FREQUENCY_CAP
    limited = shopper.marketing_limited_at
    if limited is not None and moment < limited + MARKETING_LIMIT_BACKOFF:
        return limited + MARKETING_LIMIT_BACKOFF, WaitReason.MARKETING_LIMIT
    return None


def earliest_send(
    start: datetime,
    deadline: datetime,
    zone: ZoneInfo,
    shopper: ShopperView,
    history: Sequence[datetime],
    config: NudgeConfig,
) -> tuple[datetime, WaitReason | None]:
    """The first moment from `start` that breaks no rule, and the last rule that delayed it."""
    moment, reason = start, None
    for _ in range(_MAX_ROUNDS):
        if moment > deadline:
            return moment, reason
        blocked = _blocked_until(moment, zone, shopper, history, config)
        if blocked is None:
            return moment, reason
        # Time only moves forward, so the search ends even if a rule misjudged its end.
        moment, reason = max(blocked[0], moment + _STEP), blocked[1]
    return deadline + _STEP, reason  # never found: treat as too late, never as "now"


def template_problem(step: NudgeStep, templates: Mapping[str, TemplateView]) -> StopReason | None:
    template = templates.get(step.template)
    if template is None:
        return StopReason.TEMPLATE_MISSING
    status = template.status.upper()
    if status != "APPROVED":
        return {
            "PAUSED": StopReason.TEMPLATE_PAUSED,
            "DISABLED": StopReason.TEMPLATE_DISABLED,
        }.get(status, StopReason.TEMPLATE_NOT_APPROVED)
    if template.category.upper() != "MARKETING":
        return StopReason.TEMPLATE_NOT_MARKETING
    wanted = NUDGE_PARAMETERS + ((PROMO_PARAMETER,) if step.promo_code else ())
    given = template.parameters
    positional = all(p.isdigit() for p in given)
    matches = len(given) == len(wanted) if positional else set(given) == set(wanted)
    if not matches:
        return StopReason.TEMPLATE_PARAMETERS
    # One quick reply reopens the cart, the other is the one-tap opt-out.
    if template.quick_replies is not None and template.quick_replies < 2:
        return StopReason.TEMPLATE_BUTTONS
    return None


def next_nudge(
    cart: CartView,
    shopper: ShopperView,
    history: Sequence[datetime],
    config: NudgeConfig,
    now: datetime,
    *,
    templates: Mapping[str, TemplateView],
) -> NudgeDecision:
    """What to do about this cart now. `history`: the shopper's marketing sends, all campaigns."""
    if now.tzinfo is None:
        raise ValueError("next_nudge needs an aware `now`")
    cart_stop = _cart_stop(cart, shopper, config)
    if cart_stop is not None:
        return Stop(cart_stop)
    index = _next_step(cart, config)
    if index is None:
        return Done()
    step = config.steps[index - 1]
    due = _due_at(cart, config, index)
    deadline = due + config.max_lateness
    zone = shopper.zone or config.zone
    moment, reason = earliest_send(max(due, now), deadline, zone, shopper, history, config)
    if moment > deadline:
        if now < due:
            return Wait(due, WaitReason.IDLE)  # decide at the due time, with the facts of then
        return Stop(_LATE[reason] if reason else StopReason.MISSED, index)
    if moment > now:
        return Wait(moment, reason or WaitReason.IDLE)
    problem = template_problem(step, templates)
    if problem is not None:
        return Stop(problem, index)
    return Due(index, step.template, now, due, step.promo_code)
