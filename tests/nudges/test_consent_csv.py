"""The offline consent CSV: phone spellings, dates, sources and every kind of bad row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.nudges.consent import ConsentKind, ConsentSource
from shop.nudges.consent_csv import normalise_phone, parse_consents
from tests.nudges.builders import MOSCOW

NOW = datetime(2027, 3, 10, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "phone",
    [
        "8 (900) 123-45-67",
        "+7 900 123 45 67",
        "79001234567",
        "+79001234567",
        "9001234567",
        "8-900-123-45-67",
        "7 (900) 1234567",
    ],
)
def test_russian_phone_spellings_become_e164_digits(phone: str) -> None:
    report = parse_consents(
        f"phone,consented_at,source\n{phone},2027-03-01,qr_code\n", zone=MOSCOW, now=NOW
    )
    assert report.errors == []
    assert report.accepted[0].phone == "79001234567"


def test_a_good_file_gives_consent_events_with_source_and_date() -> None:
    report = parse_consents(
        "phone;consented_at;source\n"
        "+7 900 123 45 67;01.03.2027 10:30;договор\n"
        "8 (901) 000-00-01;2027-02-01T09:00:00+05:00;web_form\n",
        zone=MOSCOW,
        now=NOW,
    )
    assert report.exit_code == 0
    assert report.rows == 2
    first, second = report.accepted
    assert first.consented_at == datetime(2027, 3, 1, 7, 30, tzinfo=UTC)  # Moscow time
    assert first.source is ConsentSource.CONTRACT
    assert second.consented_at == datetime(2027, 2, 1, 4, tzinfo=UTC)  # its own offset
    event = first.event()
    assert (event.shopper, event.kind, event.at) == (
        "79001234567",
        ConsentKind.GRANTED,
        first.consented_at,
    )
    assert report.as_json() == {"rows": 2, "imported": 2, "rejected": 0, "errors": []}


def test_a_date_without_time_is_local_midnight() -> None:
    report = parse_consents(
        "phone,consented_at,source\n79001234567,05.03.2027,anketa\n79001234568,05.03.2027,анкета\n",
        zone=MOSCOW,
        now=NOW,
    )
    assert report.accepted[0].consented_at == datetime(2027, 3, 4, 21, tzinfo=UTC)
    assert report.accepted[0].source is ConsentSource.PAPER_FORM
    assert [(e.row, e.column) for e in report.errors] == [(2, "source")]


def test_russian_headers_windows_1251_and_a_bom_are_read() -> None:
    text = "Телефон;Дата согласия;Источник\r\n89001234567;01.03.2027;QR-код\r\n"
    for data in (text.encode("cp1251"), ("\ufeff" + text).encode("utf-8"), text):
        report = parse_consents(data, zone=MOSCOW, now=NOW)
        assert report.exit_code == 0
        assert report.accepted[0].source is ConsentSource.QR_CODE


@pytest.mark.parametrize(
    ("row", "column", "fragment_ru", "fragment_en"),
    [
        ("+1 212 555 0100,2027-03-01,qr_code", "phone", "российский номер", "Russian number"),
        ("8900123456,2027-03-01,qr_code", "phone", "российский номер", "Russian number"),
        ("8 900 ABC 45 67,2027-03-01,qr_code", "phone", "лишние символы", "stray characters"),
        (",2027-03-01,qr_code", "phone", "пустое", "empty"),
        ("89001234567,,qr_code", "consented_at", "пустое", "empty"),
        ("89001234567,01/03/2027,qr_code", "consented_at", "не распознана", "unreadable date"),
        ("89001234567,31.02.2027,qr_code", "consented_at", "не распознана", "unreadable date"),
        ("89001234567,2027-03-11,qr_code", "consented_at", "в будущем", "future"),
        ("89001234567,01.01.1990,qr_code", "consented_at", "ранняя", "early"),
        ("89001234567,2027-03-01,telepathy", "source", "неизвестный источник", "unknown source"),
        ("89001234567,2027-03-01", "source", "пустое", "empty"),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_row_column_and_reasons(
    row: str, column: str, fragment_ru: str, fragment_en: str
) -> None:
    report = parse_consents(
        f"phone,consented_at,source\n79001234567,2027-03-01,qr_code\n{row}\n", zone=MOSCOW, now=NOW
    )
    assert len(report.accepted) == 1
    assert report.exit_code == 1
    (error,) = report.errors
    assert (error.row, error.column) == (3, column)
    assert fragment_ru in error.message_ru
    assert fragment_en in error.message_en
    assert report.as_json()["errors"] == [
        {"row": 3, "column": column, "message": error.message_ru, "message_en": error.message_en}
    ]


def test_a_repeated_consent_is_rejected_naming_the_first_row() -> None:
    report = parse_consents(
        "phone,consented_at,source\n"
        "89001234567,2027-03-01 10:00,qr_code\n"
        "\n"
        "+7 900 123-45-67,01.03.2027 10:00,contract\n"
        "89001234567,2027-03-02 10:00,qr_code\n",
        zone=MOSCOW,
        now=NOW,
    )
    assert report.rows == 3
    assert len(report.accepted) == 2
    (error,) = report.errors
    assert error.row == 4  # blank line 3 keeps its number, as in a spreadsheet
    assert "строки 2" in error.message_ru


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("", "empty"),
        ("phone,date\n79001234567,2027-03-01\n", "source"),
        ("name,email\nAnn,a@b.c\n", "phone, consented_at, source"),
        (b"\x98\x98\xff", "encoding"),
    ],
)
def test_an_unusable_file_is_one_problem_with_exit_code_2(data: str | bytes, fragment: str) -> None:
    report = parse_consents(data, zone=MOSCOW, now=NOW)
    assert report.exit_code == 2
    assert report.problem is not None
    assert fragment in report.problem.message_en
    assert report.accepted == []
    assert report.as_json()["imported"] == 0


@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.sampled_from(
        [
            "+7 {a} {b} {c} {d}",
            "8 ({a}) {b}-{c}-{d}",
            "7{a}{b}{c}{d}",
            "{a}{b}{c}{d}",
            "+7({a}){b}-{c}{d}",
            " 8-{a}-{b}-{c}-{d} ",
        ]
    ),
)
def test_every_spelling_of_a_mobile_number_gives_the_same_digits(rest: str, pattern: str) -> None:
    digits = "9" + rest
    text = pattern.format(a=digits[:3], b=digits[3:6], c=digits[6:8], d=digits[8:])
    assert normalise_phone(text) == "7" + digits
