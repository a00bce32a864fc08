"""Streaming CSV reading: sniff encoding and delimiter from the first bytes, then yield records.

The file is never loaded whole: bytes pass through a small buffer, an incremental
decoder and the csv module, one record at a time.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from catalog.messages import FileProblem, Problem

HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 256 * 1024
# A description is at most 9,999 characters; Shopify bodies carry HTML around it.
FIELD_LIMIT = 1024 * 1024
DELIMITERS = (",", ";", "\t")
SAMPLE_LINES = 20
EXCEL_SEP = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)


@dataclass(frozen=True)
class Sniffed:
    encoding: str
    delimiter: str


class _Prepended(io.RawIOBase):
    """A raw stream that first returns the sniffed head, then the rest of the source."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer)
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
        else:
            data = self._rest.read(len(view))
            size = len(data)
            view[:size] = data
        self.consumed += size
        return size


def sniff_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileProblem(Problem(0, "", "utf16"))
    if b"\x00" in head:
        raise FileProblem(Problem(0, "", "binary"))
    try:
        # final=False: the head may end inside a multi-byte character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def sniff_delimiter(sample: str, *, complete: bool) -> str:
    """The delimiter under which the first records agree with the header's width.

    Ties go to the widest header, then to the order `,` `;` tab; a header such as
    `Цена, руб.;Остаток` splits in two on both, but only `;` splits the rows alike.
    """
    lines = sample.splitlines(keepends=True)
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the head may end inside the last line

    def score(delimiter: str) -> tuple[int, int]:
        records = [r for r in csv.reader(lines[:SAMPLE_LINES], delimiter=delimiter) if r]
        if not records:
            return (0, 0)
        width = len(records[0])
        return (sum(len(r) == width for r in records) if width > 1 else 0, width)

    return max(DELIMITERS, key=score)


class Records:
    """Iterate `(row_number, cells)` of a CSV stream; row 1 is the header, as in Excel."""

    def __init__(self, source: BinaryIO) -> None:
        csv.field_size_limit(FIELD_LIMIT)
        head = source.read(HEAD_BYTES)
        if not head.strip(b" \r\n\t\xef\xbb\xbf;,"):
            raise FileProblem(Problem(0, "", "empty_file"))
        encoding = sniff_encoding(head)
        self._raw = _Prepended(head, source)
        self._text = io.TextIOWrapper(
            io.BufferedReader(self._raw, CHUNK_BYTES),
            encoding=encoding,
            newline="",
            errors="replace",
        )
        sample = head.decode(encoding, errors="replace").lstrip("\ufeff")
        excel_sep = EXCEL_SEP.match(sample)
        if excel_sep:  # Excel's own hint line: `sep=;`, not shown as a row in Excel
            delimiter = excel_sep.group(1)
        else:
            delimiter = sniff_delimiter(sample, complete=len(head) < HEAD_BYTES)
        self.sniffed = Sniffed(encoding, delimiter)
        self._reader = csv.reader(self._text, delimiter=delimiter, strict=False)
        if excel_sep:
            next(self._reader, None)
        self.row = 0

    @property
    def bytes_read(self) -> int:
        return self._raw.consumed

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        try:
            cells = next(self._reader)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                problem = Problem(self.row + 1, "", "field_too_large", {"limit": FIELD_LIMIT})
            elif "NUL" in str(exc):
                problem = Problem(0, "", "binary")
            else:
                problem = Problem(self.row + 1, "", "broken_csv", {"value": str(exc)})
            raise FileProblem(problem) from None
        self.row += 1
        joined = "".join(cells)
        # Decoding replaces bad bytes so that the error names the row they are in.
        if "\ufffd" in joined:
            raise FileProblem(Problem(self.row, "", "undecodable"))
        if "\x00" in joined:
            raise FileProblem(Problem(0, "", "binary"))
        return self.row, cells
