"""The offline consent CSV (`phone, consented_at, source`): parse, validate, report row by row."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from shop.consent.rules import ConsentEvent, ConsentKind, ConsentSource
from shop.texts import both, t

COLUMNS = ("phone", "consented_at", "source")
_ALIASES = {
    "phone": "phone",
    "телефон": "phone",
    "номер": "phone",
    "номер телефона": "phone",
    "consented_at": "consented_at",
    "consent_date": "consented_at",
    "date": "consented_at",
    "дата": "consented_at",
    "дата согласия": "consented_at",
    "source": "source",
    "источник": "source",
}
# A merchant names the source in their own words ("QR-код на кассе, Тверская 1"); the words are
# kept as written and, where one of these word stems appears, a kind is recognised too. The
# first kind that matches wins, so "анкета в магазине" is a paper form and "QR-код на кассе"
# a QR code. Nothing recognised: the kind is `csv_import` (collected offline, kind unknown).
_KIND_STEMS = {
    ConsentSource.QR_CODE: "qr кьюар куар",
    ConsentSource.WEB_FORM: (
        "сайт site web веб online онлайн интернет internet лендинг landing http www"
    ),
    ConsentSource.CONTRACT: "договор contract agreement соглашени оферт",
    ConsentSource.PAPER_FORM: "анкет бланк форм form questionnaire опрос survey paper бумаж",
    ConsentSource.IN_STORE: (
        "магазин касс store shop шоурум showroom бутик boutique салон точк офлайн offline "
        "retail cashier counter"
    ),
}
KINDS = tuple((kind, tuple(stems.split())) for kind, stems in _KIND_STEMS.items())
SOURCE_MAX = 200  # characters of the merchant's own words kept per row
_TOKEN = re.compile(r"[0-9a-zа-я]+")
_LOCAL_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row (header is row 1), column, and the reason in two languages."""

    row: int
    column: str
    message_ru: str
    message_en: str

    @classmethod
    def worded(cls, row: int, column: str, key: str, **params: object) -> RowError:
        """The problem with the catalogue's text `key` (`consent.csv.*`) in both languages."""
        return cls(row, column, *both(key, **params))

    def as_json(self) -> dict[str, object]:
        """The catalog report's shape: Russian `message`, English `message_en`."""
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message_ru,
            "message_en": self.message_en,
        }


@dataclass(frozen=True)
class ConsentRow:
    row: int
    phone: str
    consented_at: datetime
    source: ConsentSource  # the recognised kind
    source_text: str  # the merchant's own words, cleaned of control characters

    def event(self) -> ConsentEvent:
        return ConsentEvent(self.phone, ConsentKind.GRANTED, self.source, self.consented_at)


@dataclass
class ConsentReport:
    """Rows read, rows accepted, one error per rejected row; `problem` when the file is unusable."""

    rows: int = 0
    accepted: list[ConsentRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    problem: RowError | None = None

    @property
    def rejected(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def exit_code(self) -> int:
        """As for the catalog: 0 every row imported, 1 rows rejected, 2 file unreadable."""
        return 2 if self.problem else 1 if self.errors else 0

    def as_json(self) -> dict[str, object]:
        errors = [self.problem] if self.problem else self.errors
        return {
            "rows": self.rows,
            "imported": 0 if self.problem else len(self.accepted),
            "rejected": self.rejected,
            "errors": [e.as_json() for e in errors],
            "sources": self.sources(),
        }

    def sources(self) -> list[dict[str, object]]:
        """Each source as the merchant wrote it, with its recognised kind and row count."""
        counted = Counter((r.source_text, r.source) for r in self.accepted)
        sources: list[dict[str, object]] = []
        for (text, kind), rows in counted.items():
            label, label_en = both(f"consent.kind.{kind.value}")
            sources.append(
                {
                    "source": text,
                    "kind": kind.value,
                    "kind_label": label,
                    "kind_label_en": label_en,
                    "rows": rows,
                }
            )
        return sources


class _RowProblem(ValueError):
    """A row's problem, raised where it is found; the row's number is added by the caller."""

    def __init__(self, column: str, key: str, **params: object) -> None:
        self.column, self.key, self.params = column, key, params
        super().__init__(t(key, "en", **params))

    def at(self, row: int) -> RowError:
        return RowError.worded(row, self.column, self.key, **self.params)


def normalise_phone(text: str) -> str:
    """A Russian number in any usual spelling → E.164 digits: `8 (900) 123-45-67` → 79001234567."""
    if re.search(r"[^\d\s()+.-]", text):
        raise _RowProblem("phone", "consent.csv.phone_characters")
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10 and digits.startswith("9"):
        digits = "7" + digits
    elif len(digits) == 11 and digits[0] in "78" and not text.strip().startswith("+8"):
        digits = "7" + digits[1:]
    if len(digits) != 11 or not digits.startswith("7"):
        raise _RowProblem("phone", "consent.csv.phone_not_russian")
    return digits


def parse_moment(text: str, zone: ZoneInfo) -> datetime:
    """ISO (with or without offset) or `dd.mm.yyyy[ hh:mm[:ss]]`; local times are the merchant's."""
    value = text.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        for pattern in _LOCAL_FORMATS:
            try:
                parsed = datetime.strptime(value, pattern)  # noqa: DTZ007 - zone applied below
                break
            except ValueError:
                continue
    if parsed is None:
        raise _RowProblem("consented_at", "consent.csv.date_unreadable")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def clean_source(text: str) -> str:
    """The merchant's words as written, minus what a page or log must not receive: control
    characters and invisible format ones (bidi overrides); line breaks and tabs become spaces."""
    kept = [
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf")
    ]
    return " ".join("".join(kept).split())


def source_kind(text: str) -> ConsentSource:
    """The kind the merchant's words name, by word stems in Russian and English."""
    tokens = _TOKEN.findall(text.casefold().replace("ё", "е"))
    for kind, stems in KINDS:
        if any(token.startswith(stem) for token in tokens for stem in stems):
            return kind
    return ConsentSource.CSV_IMPORT


def parse_source(text: str) -> tuple[ConsentSource, str]:
    """The recognised kind and the cleaned words; only length and emptiness are refused."""
    words = clean_source(text)
    if not words:
        raise _RowProblem("source", "consent.csv.empty_value")
    if len(words) > SOURCE_MAX:
        raise _RowProblem(
            "source", "consent.csv.source_too_long", limit=SOURCE_MAX, length=len(words)
        )
    return source_kind(words), words


def _decode(data: bytes | str) -> str | None:
    """UTF-8 (with or without BOM) or Windows-1251, as spreadsheets save it; None if neither."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _dialect(text: str) -> str:
    header = text.splitlines()[0] if text else ""
    return max((";", "\t", ","), key=header.count)


def _header(cells: list[str]) -> tuple[dict[str, int], RowError | None]:
    index: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = _ALIASES.get(" ".join(cell.strip().lower().split()))
        if name and name not in index:
            index[name] = position
    missing = [column for column in COLUMNS if column not in index]
    if not missing:
        return index, None
    names = ", ".join(missing)
    return index, RowError.worded(1, names, "consent.csv.columns", names=names)


def _row(number: int, cells: list[str], index: dict[str, int], zone: ZoneInfo) -> ConsentRow:
    def cell(name: str) -> str:
        position = index[name]
        value = cells[position].strip() if position < len(cells) else ""
        if not value:
            raise _RowProblem(name, "consent.csv.empty_value")
        return value

    phone = normalise_phone(cell("phone"))
    moment = parse_moment(cell("consented_at"), zone)
    kind, words = parse_source(cell("source"))
    return ConsentRow(number, phone, moment, kind, words)


def _check(row: ConsentRow, now: datetime, seen: dict[tuple[str, datetime], int]) -> None:
    if row.consented_at > now:
        raise _RowProblem("consented_at", "consent.csv.date_future")
    if row.consented_at.date() < date(2000, 1, 1):
        raise _RowProblem("consented_at", "consent.csv.date_early")
    first = seen.setdefault((row.phone, row.consented_at), row.row)
    if first != row.row:
        raise _RowProblem("phone", "consent.csv.repeated", first=first)


def parse_consents(data: bytes | str, *, zone: ZoneInfo, now: datetime) -> ConsentReport:
    """Every row either becomes a ConsentRow or gets one RowError naming the column."""
    report = ConsentReport()
    text = _decode(data)
    if text is None:
        report.problem = RowError.worded(0, "", "consent.csv.encoding")
        return report
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(text))
    header = next(reader, None)
    if header is None:
        report.problem = RowError.worded(0, "", "consent.csv.empty_file")
        return report
    index, report.problem = _header(header)
    if report.problem:
        return report
    seen: dict[tuple[str, datetime], int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        try:
            row = _row(number, cells, index, zone)
            _check(row, now, seen)
        except _RowProblem as problem:
            report.errors.append(problem.at(number))
        else:
            report.accepted.append(row)
    return report
