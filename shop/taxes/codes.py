"""YooKassa's receipt codes as the merchant reads them: each choice of the taxes page in words.

The table of vat_code values (YooKassa's «Справочник значений параметров», 54-FZ):
1 без НДС · 2 0 % · 3 10 % · 4 20 % · 5 10/110 · 6 20/120 · 7 5 % · 8 7 % · 9 5/105 ·
10 7/107 · 11 22 % · 12 22/122. 11 and 12 exist since 1 January 2026, when the standard rate
rose from 20 % to 22 %; 7–10 are the rates of the simplified system (УСН) with VAT.
"""

from __future__ import annotations

from dataclasses import dataclass

from shop.texts import t

# Newest and commonest first: the list a merchant scrolls.
VAT_ORDER = (1, 11, 12, 3, 5, 2, 7, 8, 9, 10, 4, 6)
SYSTEMS = (1, 2, 3, 4, 5, 6)
SUBJECTS = ("commodity", "excise", "marked", "service", "job", "composite", "another")
MODES = ("full_prepayment", "full_payment")
RECEIPTS = ("register", "yookassa")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def vat_label(code: int) -> str:
    return t(f"taxes.vat.{code}")


def subject_label(subject: str) -> str:
    """A payment subject in words; one the page does not list shows as its code."""
    return t(f"taxes.subject.{subject}") if subject in SUBJECTS else subject


def choices(current_subject: str = "") -> dict[str, list[Choice]]:
    """Every select of the taxes page; a subject set through the API keeps its option."""
    subjects = list(SUBJECTS)
    if current_subject and current_subject not in subjects:
        subjects.append(current_subject)
    vat = [Choice(str(code), vat_label(code)) for code in VAT_ORDER]
    return {
        "tax_system_code": [Choice("", t("admin.settings.taxes.no_system"))]
        + [Choice(str(c), t(f"taxes.system.{c}")) for c in SYSTEMS],
        "vat_code": vat,
        "delivery_vat_code": [Choice("", t("admin.settings.taxes.same_as_default")), *vat],
        "payment_subject": [Choice(s, subject_label(s)) for s in subjects],
        "payment_mode": [Choice(m, t(f"taxes.mode.{m}")) for m in MODES],
        "receipts": [Choice(r, t(f"taxes.receipts.{r}")) for r in RECEIPTS],
    }
