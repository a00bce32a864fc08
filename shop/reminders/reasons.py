"""Why a nudge waits or stops: StrEnums the merchant pages show and the funnel counts."""

from __future__ import annotations

from enum import StrEnum


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

LABELS: dict[StrEnum, tuple[str, str]] = {
    WaitReason.IDLE: ("Ждём, пока корзина простоит нужное время", "Waiting for the cart to idle"),
    WaitReason.QUIET_HOURS: ("Тихие часы: отправим утром", "Quiet hours: sending in the morning"),
    WaitReason.HOLIDAY: ("Праздник: не беспокоим", "Holiday: no reminders today"),
    WaitReason.FREQUENCY_CAP: (
        "Лимит рекламных сообщений за 30 дней исчерпан",
        "The 30-day marketing cap is reached",
    ),
    WaitReason.MARKETING_LIMIT: (
        "WhatsApp ограничил рекламу этому покупателю (131049)",
        "WhatsApp limited marketing to this shopper (131049)",
    ),
    StopReason.ORDERED: ("Покупатель оформил заказ", "The shopper ordered"),
    StopReason.CART_EMPTY: ("Корзина пуста", "The cart is empty"),
    StopReason.OPTED_OUT: ("Покупатель отписался", "The shopper opted out"),
    StopReason.NO_CONSENT: ("Нет согласия на рекламу", "No marketing consent"),
    StopReason.WITH_OPERATOR: (
        "Покупатель общается с оператором",
        "The shopper is with an operator",
    ),
    StopReason.REPLIED: ("Покупатель ответил", "The shopper replied"),
    StopReason.NUDGES_DISABLED: ("Напоминания выключены", "Reminders are switched off"),
    StopReason.MISSED: ("Срок напоминания прошёл", "The reminder's time has passed"),
    StopReason.LATE_QUIET_HOURS: (
        "После тихих часов было бы слишком поздно",
        "Too late once quiet hours end",
    ),
    StopReason.LATE_HOLIDAY: (
        "После праздника было бы слишком поздно",
        "Too late after the holiday",
    ),
    StopReason.LATE_FREQUENCY_CAP: (
        "Лимит за 30 дней освободится слишком поздно",
        "The 30-day cap frees up too late",
    ),
    StopReason.LATE_MARKETING_LIMIT: (
        "Ограничение WhatsApp снимется слишком поздно",
        "WhatsApp's limit lifts too late",
    ),
    StopReason.TEMPLATE_MISSING: ("Шаблон не найден", "The template does not exist"),
    StopReason.TEMPLATE_NOT_APPROVED: ("Шаблон не одобрен", "The template is not approved"),
    StopReason.TEMPLATE_PAUSED: (
        "Шаблон приостановлен WhatsApp из-за жалоб",
        "WhatsApp paused the template after negative feedback",
    ),
    StopReason.TEMPLATE_DISABLED: ("Шаблон отключён WhatsApp", "WhatsApp disabled the template"),
    StopReason.TEMPLATE_NOT_MARKETING: (
        "Шаблон не из категории MARKETING",
        "The template is not in the MARKETING category",
    ),
    StopReason.TEMPLATE_PARAMETERS: (
        "Параметры шаблона не совпадают с напоминанием",
        "The template's parameters do not match the reminder",
    ),
    StopReason.TEMPLATE_BUTTONS: (
        "В шаблоне нужны две быстрые кнопки: «К корзине» и «Отписаться»",
        "The template needs two quick replies: back to the cart and opt out",
    ),
}


def label(reason: StrEnum, lang: str = "ru") -> str:
    ru, en = LABELS[reason]
    return en if lang == "en" else ru
