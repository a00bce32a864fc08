"""Texts of the offline consent CSV's report: the kinds of source and why a row is refused.

The report carries every message in both languages (`message`, `message_en`), so its callers
take both (`both(key)`), whatever the page's language.
"""

from __future__ import annotations

RU: dict[str, str] = {
    # The kind of source a merchant's words name; keys are the ConsentSource values
    "consent.kind.qr_code": "QR-код",
    "consent.kind.web_form": "форма на сайте",
    "consent.kind.contract": "договор",
    "consent.kind.paper_form": "анкета",
    "consent.kind.in_store": "в магазине",
    "consent.kind.csv_import": "другое",
    # A refused row (the column is named beside the message)
    "consent.csv.empty_value": "пустое значение",
    "consent.csv.phone_characters": "в номере есть лишние символы",
    "consent.csv.phone_not_russian": "нужен российский номер: +7 900 123-45-67 или 8 900 123-45-67",
    "consent.csv.date_unreadable": (
        "дата не распознана: нужна 2026-03-01 10:00 или 01.03.2026 10:00"
    ),
    "consent.csv.date_future": "дата согласия в будущем",
    "consent.csv.date_early": "слишком ранняя дата",
    "consent.csv.source_too_long": "источник длиннее {limit} символов ({length})",
    "consent.csv.repeated": "повтор строки {first}",
    # A file that cannot be used at all
    "consent.csv.encoding": "кодировка не распознана: сохраните как UTF-8",
    "consent.csv.empty_file": "файл пуст",
    "consent.csv.columns": "в заголовке нет столбцов: {names} (нужны phone, consented_at, source)",
}

EN: dict[str, str] = {
    "consent.kind.qr_code": "QR code",
    "consent.kind.web_form": "website form",
    "consent.kind.contract": "contract",
    "consent.kind.paper_form": "paper form",
    "consent.kind.in_store": "in store",
    "consent.kind.csv_import": "other",
    "consent.csv.empty_value": "the value is empty",
    "consent.csv.phone_characters": "the number has stray characters",
    "consent.csv.phone_not_russian": (
        "expected a Russian number such as +7 900 123-45-67 or 8 900 123-45-67"
    ),
    "consent.csv.date_unreadable": "unreadable date: use 2026-03-01 10:00 or 01.03.2026 10:00",
    "consent.csv.date_future": "the consent date is in the future",
    "consent.csv.date_early": "the date is implausibly early",
    "consent.csv.source_too_long": "the source is longer than {limit} characters ({length})",
    "consent.csv.repeated": "the same consent as row {first}",
    "consent.csv.encoding": "unknown encoding: save as UTF-8",
    "consent.csv.empty_file": "the file is empty",
    "consent.csv.columns": "the header lacks: {names} (expected phone, consented_at, source)",
}
