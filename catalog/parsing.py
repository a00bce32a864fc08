"""The parse pipeline: records → format row model → products, with duplicates and widths checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from catalog.formats import (
    META_ALIASES,
    REQUIRED,
    SPREADSHEET_ALIASES,
    Header,
    RowResult,
    TableFormat,
)
from catalog.messages import FileProblem, Problem
from catalog.reading import Records
from catalog.shopify import ShopifyFormat

Format = TableFormat | ShopifyFormat


def detect(header_cells: list[str], currency: str = "RUB") -> Format:
    """Pick the format from the header row, or say clearly why none fits.

    `currency` is the shop's one currency: prices in another one are rejected row by row.
    """
    header = Header(header_cells)
    names = set(header.index)
    if "handle" in names and ({"variant price", "title"} & names):
        return ShopifyFormat(header, currency)
    if {"id", "title", "price"} <= names:
        return TableFormat("meta", header, META_ALIASES, currency)
    found = sum(header.find(SPREADSHEET_ALIASES[key]) is not None for key in REQUIRED)
    if found >= 2:
        return TableFormat("spreadsheet", header, SPREADSHEET_ALIASES, currency)
    shown = ", ".join(label for label in header.labels[:8] if label)
    raise FileProblem(Problem(1, "", "unknown_format", {"value": shown}))


def _width_problem(row: int, cells: list[str], header: Header) -> Problem | None:
    filled = len(cells)
    while filled and not cells[filled - 1].strip():
        filled -= 1
    if filled > header.width:
        params: dict[str, object] = {"count": filled, "columns": header.width}
        return Problem(row, "", "extra_values", params)
    if len(cells) < header.width and filled < header.width - 1:
        # One missing trailing cell is how some exporters write an empty last column.
        return Problem(row, "", "missing_values", {"count": len(cells), "columns": header.width})
    return None


class CatalogParse:
    """Iterate the RowResults of one CSV stream; file-level trouble raises FileProblem."""

    def __init__(self, source: BinaryIO, *, currency: str = "RUB") -> None:
        self.records = Records(source)
        first = next(self.records, None)
        if first is None:
            raise FileProblem(Problem(0, "", "empty_file"))
        self.format = detect(first[1], currency)
        self.first_row_of: dict[str, int] = {}

    @property
    def format_name(self) -> str:
        return self.format.name

    @property
    def bytes_read(self) -> int:
        return self.records.bytes_read

    def __iter__(self) -> Iterator[RowResult]:
        header = self.format.header
        for row, cells in self.records:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines and Excel's rows of bare separators
            problem = _width_problem(row, cells, header)
            if problem:
                yield RowResult(row, None, [problem])
                continue
            for result in self.format.feed(row, cells):
                yield self._unique(result)
        for result in self.format.finish():
            yield self._unique(result)

    def _unique(self, result: RowResult) -> RowResult:
        if result.product is None:
            return result
        retailer_id = result.product.retailer_id
        first = self.first_row_of.setdefault(retailer_id, result.row)
        if first != result.row:
            problem = Problem(
                result.row, "", "duplicate", {"value": retailer_id, "first_row": first}
            )
            return RowResult(result.row, None, [problem])
        return result
