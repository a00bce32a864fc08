"""The offline consent CSV: phone spellings, dates, sources in the merchant's words and every
kind of bad row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.consent.csv_file import normalise_phone, parse_consents
from shop.consent.rules import ConsentKind, ConsentSource
from tests.reminders.builders import MOSCOW

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
    assert report.as_json() == {
        "rows": 2,
        "imported": 2,
        "rejected": 0,
        "errors": [],
        "sources": [
            {
                "source": "договор",
                "kind": "contract",
                "kind_label": "договор",
                "kind_label_en": "contract",
                "rows": 1,
            },
            {
                "source": "web_form",
                "kind": "web_form",
                "kind_label": "форма на сайте",
                "kind_label_en": "website form",
                "rows": 1,
            },
        ],
    }


def test_a_date_without_time_is_local_midnight() -> None:
    report = parse_consents(
        "phone,consented_at,source\n79001234568,05.03.2027,анкета\n", zone=MOSCOW, now=NOW
    )
    assert report.accepted[0].consented_at == datetime(2027, 3, 4, 21, tzinfo=UTC)
    assert report.accepted[0].source is ConsentSource.PAPER_FORM


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
        (f"89001234567,2027-03-01,{'я' * 201}", "source", "длиннее 200", "longer than 200"),
        ("89001234567,2027-03-01,\x07\u202e", "source", "пустое", "empty"),
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


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("QR-код на кассе, Тверская 1", ConsentSource.QR_CODE),
        ("анкета в магазине", ConsentSource.PAPER_FORM),
        ("Анкета на сайте", ConsentSource.WEB_FORM),
        ("форма на сайте shop.ru", ConsentSource.WEB_FORM),
        ("https://shop.ru/subscribe", ConsentSource.WEB_FORM),
        ("Договор поставки № 17 от 01.02.2027", ConsentSource.CONTRACT),
        ("на кассе, ТЦ «Мега»", ConsentSource.IN_STORE),
        ("В магазине на Тверской", ConsentSource.IN_STORE),
        ("Шоурум на Арбате", ConsentSource.IN_STORE),
        ("signed up at the store counter", ConsentSource.IN_STORE),
        ("paper form at the fair", ConsentSource.PAPER_FORM),
        ("website pop-up", ConsentSource.WEB_FORM),
        ("QR code on the receipt", ConsentSource.QR_CODE),
        ("qr_code", ConsentSource.QR_CODE),
        ("web_form", ConsentSource.WEB_FORM),
        ("paper_form", ConsentSource.PAPER_FORM),
        ("in_store", ConsentSource.IN_STORE),
        ("contract", ConsentSource.CONTRACT),
        ("звонок менеджера", ConsentSource.CSV_IMPORT),
        ("anketa", ConsentSource.CSV_IMPORT),
    ],
)
def test_a_source_in_free_words_is_kept_verbatim_with_a_kind_where_one_matches(
    words: str, kind: ConsentSource
) -> None:
    report = parse_consents(
        f'phone;consented_at;source\n79001234567;2027-03-01;"{words}"\n', zone=MOSCOW, now=NOW
    )
    assert report.errors == []
    (row,) = report.accepted
    assert (row.source, row.source_text) == (kind, words)
    assert row.event().source is kind


def test_control_and_invisible_characters_are_cleaned_from_the_source() -> None:
    data = (
        "phone,consented_at,source\n"
        '79001234567,2027-03-01,"Анкета\r\nв магазине\x07, \u202eТверская 1\t"\n'
    ).encode()
    report = parse_consents(data, zone=MOSCOW, now=NOW)
    assert report.errors == []
    assert report.accepted[0].source_text == "Анкета в магазине, Тверская 1"
    assert report.accepted[0].source is ConsentSource.PAPER_FORM


def test_the_report_lists_each_source_as_written_with_its_kind_and_rows() -> None:
    report = parse_consents(
        "phone,consented_at,source\n"
        '79001234567,2027-03-01,"QR-код на кассе, Тверская 1"\n'
        '79001234568,2027-03-01,"QR-код на кассе, Тверская 1"\n'
        "79001234569,2027-03-01,звонок менеджера\n",
        zone=MOSCOW,
        now=NOW,
    )
    assert report.as_json()["sources"] == [
        {
            "source": "QR-код на кассе, Тверская 1",
            "kind": "qr_code",
            "kind_label": "QR-код",
            "kind_label_en": "QR code",
            "rows": 2,
        },
        {
            "source": "звонок менеджера",
            "kind": "csv_import",
            "kind_label": "другое",
            "kind_label_en": "other",
            "rows": 1,
        },
    ]


def test_a_source_of_exactly_the_limit_is_kept_whole() -> None:
    words = "анкета " + "я" * 193
    report = parse_consents(
        f"phone,consented_at,source\n79001234567,2027-03-01,{words}\n", zone=MOSCOW, now=NOW
    )
    assert len(words) == 200
    assert report.accepted[0].source_text == words
