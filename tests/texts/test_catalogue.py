"""The catalogue: every key in both languages, each key in one section, reasons all worded."""

from __future__ import annotations

import pytest

from shop.reminders.funnel import STAGES
from shop.reminders.guard import GuardDecision, GuardReason
from shop.reminders.reasons import StopReason, WaitReason, label
from shop.texts import CATALOGUE, SECTIONS, both, locale_of, t


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_key_has_a_russian_and_an_english_text(locale: str) -> None:
    other = "en" if locale == "ru" else "ru"
    missing = set(CATALOGUE[other]) - set(CATALOGUE[locale])  # type: ignore[index]
    blank = [k for k, v in CATALOGUE[locale].items() if not v.strip()]  # type: ignore[index]
    assert (missing, blank) == (set(), [])


def test_each_section_has_the_same_keys_in_both_languages() -> None:
    for ru, en in SECTIONS:
        assert set(ru) == set(en)


def test_a_key_belongs_to_one_section_only() -> None:
    assert sum(len(ru) for ru, _ in SECTIONS) == len(CATALOGUE["ru"])


def test_anything_but_english_reads_as_russian() -> None:
    assert [locale_of(x) for x in ("en", "ru", "", None, "de")] == ["en", "ru", "ru", "ru", "ru"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_reminder_reasons_stages_and_the_guard_are_worded_in_the_catalogue(lang: str) -> None:
    locale = locale_of(lang)
    for reason in [*WaitReason, *StopReason]:
        assert label(reason, lang) == t(f"reminders.reason.{reason.value}", locale)
    for stage in STAGES:
        assert t(f"reminders.stage.{stage}", locale)
    for guard in GuardReason:
        decision = GuardDecision(True, guard, 0, 0, 0, None, None)
        assert decision.message(lang) == t(f"reminders.guard.{guard.value}", locale)


def test_every_reminder_setting_says_what_it_expects() -> None:
    from shop.reminders.config import PARSERS

    for key in PARSERS:
        assert t(f"reminders.setting.{key}", "ru")
        assert t(f"reminders.setting.{key}", "en")


def test_both_gives_the_russian_and_the_english_text() -> None:
    assert both("consent.csv.repeated", first=2) == ("повтор строки 2", "the same consent as row 2")


def test_every_kind_of_consent_source_the_csv_recognises_is_worded() -> None:
    from shop.consent.csv_file import KINDS
    from shop.consent.rules import ConsentSource

    for kind in [*(kind for kind, _ in KINDS), ConsentSource.CSV_IMPORT]:
        assert all(both(f"consent.kind.{kind.value}"))
