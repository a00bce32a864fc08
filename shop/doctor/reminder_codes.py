"""The reminders' promo codes checked against the shop's codes (pure): a step whose code is
not one of the merchant's sends a code checkout cannot redeem."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from shop.doctor.checks import Verdict
from shop.promo.rules import normalise
from shop.reminders.config import NudgeStep
from shop.texts import Locale, t


def reminder_code_verdicts(
    steps: Sequence[NudgeStep], codes: Collection[str], *, locale: Locale
) -> list[Verdict]:
    """One line per distinct promo code of the reminder steps; none without such steps."""
    named = dict.fromkeys(s.promo_code for s in steps if s.promo_code)
    verdicts = []
    for code in named:
        assert code is not None
        if normalise(code) in codes:
            verdicts.append(Verdict(True, t("doctor.reminder_code.ok", locale, code=code)))
        else:
            line = t("doctor.reminder_code.unknown", locale, code=code)
            verdicts.append(Verdict(False, line, t("doctor.reminder_code.fix", locale)))
    return verdicts
