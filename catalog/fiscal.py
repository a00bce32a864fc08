"""A product's 54-FZ columns: YooKassa's VAT code and payment subject, read from a CSV cell.

A VAT cell is YooKassa's code (1–12) or the rate as people write it («22%», «без НДС»,
«22/122»); a subject cell is YooKassa's word (`commodity`) or its Russian name («товар»).
Empty means the shop's default from its tax settings.
"""

from __future__ import annotations

import re

VAT_CODES = frozenset(range(1, 13))
# The rate as written → YooKassa's vat_code (its «справочник значений параметров»).
VAT_RATES = {
    "без ндс": 1,
    "none": 1,
    "0%": 2,
    "10%": 3,
    "20%": 4,
    "10/110": 5,
    "20/120": 6,
    "5%": 7,
    "7%": 8,
    "5/105": 9,
    "7/107": 10,
    "22%": 11,
    "22/122": 12,
}
PAYMENT_SUBJECTS = frozenset(
    {
        "commodity",
        "excise",
        "job",
        "service",
        "gambling_bet",
        "gambling_prize",
        "lottery",
        "lottery_prize",
        "intellectual_activity",
        "payment",
        "agent_commission",
        "property_right",
        "non_operating_gain",
        "insurance_premium",
        "sales_tax",
        "resort_fee",
        "composite",
        "another",
        "marked",
        "non_marked",
        "fine",
        "tax",
        "lien",
        "cost",
        "pension_insurance_with_payouts",
        "pension_insurance_without_payouts",
        "health_insurance",
        "health_insurance_without_payouts",
        "casino",
        "agent_withdrawals",
    }
)
SUBJECT_WORDS = {
    "товар": "commodity",
    "подакцизный товар": "excise",
    "работа": "job",
    "услуга": "service",
    "составной предмет расчета": "composite",
    "другое": "another",
    "товар с маркировкой": "marked",
}
_NOT_RATE = re.compile(r"\s+|ндс|vat")


def vat_code_of(value: str) -> int | None:
    """The cell's vat_code, None for an empty cell; ValueError for anything else."""
    cleaned = value.strip().lower()
    if not cleaned:
        return None
    if cleaned.isdigit() and int(cleaned) in VAT_CODES:
        return int(cleaned)
    if cleaned in VAT_RATES:
        return VAT_RATES[cleaned]
    rate = _NOT_RATE.sub("", cleaned).replace(",", ".")
    if rate in VAT_RATES:
        return VAT_RATES[rate]
    raise ValueError(value)


def payment_subject_of(value: str) -> str | None:
    """The cell's payment_subject, None for an empty cell; ValueError for anything else."""
    cleaned = " ".join(value.strip().lower().replace("ё", "е").split())
    if not cleaned:
        return None
    if cleaned in PAYMENT_SUBJECTS:
        return cleaned
    if cleaned in SUBJECT_WORDS:
        return SUBJECT_WORDS[cleaned]
    raise ValueError(value)
