"""Opening a CSV as a Russian Excel does: UTF-8 only with a BOM, `;` between cells, numbers
with a decimal comma, dates as DD.MM.YYYY; anything else stays text."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

BOM = b"\xef\xbb\xbf"
_NUMBER = re.compile(r"^-?\d+,\d+$|^-?\d+$")
_DAY = re.compile(r"^\d{2}\.\d{2}\.\d{4}$")

Cell = str | Decimal | date | None


def cell(text: str) -> Cell:
    if text == "":
        return None
    if _NUMBER.match(text):
        return Decimal(text.replace(",", "."))
    if _DAY.match(text):
        day, month, year = map(int, text.split("."))
        return date(year, month, day)
    return text


def open_as_russian_excel(data: bytes) -> tuple[list[str], list[dict[str, Cell]]]:
    """(headers, rows of typed cells); fails as Excel would garble the file otherwise."""
    assert data.startswith(BOM), "without a BOM Excel reads UTF-8 as Windows-1251"
    text = data[len(BOM) :].decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    headers, *lines = list(reader)
    assert all(len(line) == len(headers) for line in lines), "a ragged row"
    return headers, [dict(zip(headers, map(cell, line), strict=True)) for line in lines]
