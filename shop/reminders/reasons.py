"""Why a nudge waits or stops: StrEnums the merchant pages show and the funnel counts."""

from __future__ import annotations

from enum import StrEnum

from shop.texts import locale_of, t


class WaitReason(StrEnum):
    IDLE = "idle"  # the cart has not been idle long enough yet
    QUIET_HOURS = "quiet_hours"
    HOLIDAY = "holiday"
    FREQUENCY_CAP = "frequency_cap"
    MARKETING_LIMIT = "marketing_limit"  # Meta answered 131049 recently


class StopReason(StrEnum):
    # The whole cart is finished.
    ORDERED = "ordered"
    CART_EMPTY = "cart_empty"
    OPTED_OUT = "opted_out"
    NO_CONSENT = "no_consent"
    WITH_OPERATOR = "with_operator"
    REPLIED = "replied"
    NUDGES_DISABLED = "nudges_disabled"
    # Only this step is cancelled; the next one may still go.
    MISSED = "missed"
    LATE_QUIET_HOURS = "late_quiet_hours"
    LATE_HOLIDAY = "late_holiday"
    LATE_FREQUENCY_CAP = "late_frequency_cap"
    LATE_MARKETING_LIMIT = "late_marketing_limit"
    TEMPLATE_MISSING = "template_missing"
    TEMPLATE_NOT_APPROVED = "template_not_approved"
    TEMPLATE_PAUSED = "template_paused"
    TEMPLATE_DISABLED = "template_disabled"
    TEMPLATE_NOT_MARKETING = "template_not_marketing"
    TEMPLATE_PARAMETERS = "template_parameters"
    TEMPLATE_BUTTONS = "template_buttons"


CART_REASONS = frozenset(
    {
        StopReason.ORDERED,
        StopReason.CART_EMPTY,
        StopReason.OPTED_OUT,
        StopReason.NO_CONSENT,
        StopReason.WITH_OPERATOR,
        StopReason.REPLIED,
        StopReason.NUDGES_DISABLED,
    }
)
# The merchant must act on these: fix or replace the template.
MERCHANT_ALERTS = frozenset(
    {
        StopReason.TEMPLATE_MISSING,
        StopReason.TEMPLATE_NOT_APPROVED,
        StopReason.TEMPLATE_PAUSED,
        StopReason.TEMPLATE_DISABLED,
        StopReason.TEMPLATE_NOT_MARKETING,
        StopReason.TEMPLATE_PARAMETERS,
        StopReason.TEMPLATE_BUTTONS,
    }
)


def label(reason: StrEnum, lang: str = "ru") -> str:
    """The reason in the merchant's words (texts `reminders.reason.*`)."""
    return t(f"reminders.reason.{reason.value}", locale_of(lang))
