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
from catalog.seen import SeenIds
from catalog.shopify import ShopifyFormat

Format = TableFormat | ShopifyFormat
# Rows parsed between two looks at the event loop and at the ids seen so far.
CHUNK_ROWS = 100


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
    """Iterate the RowResults of one CSV stream; file-level trouble raises FileProblem.

    Results come in chunks of at most `chunk_rows`: duplicates are found per chunk against
    `seen`, the ids met so far (on disk), so nothing here grows with the file. Close it (or
    use it as a context manager) to drop `seen`.
    """

    def __init__(
        self, source: BinaryIO, *, chunk_rows: int = CHUNK_ROWS, currency: str = "RUB"
    ) -> None:
        self.records = Records(source)
        first = next(self.records, None)
        if first is None:
            raise FileProblem(Problem(0, "", "empty_file"))
        self.format = detect(first[1], currency)
        self.chunk_rows = chunk_rows
        self.seen = SeenIds()

    def __enter__(self) -> CatalogParse:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.seen.close()

    @property
    def format_name(self) -> str:
        return self.format.name

    @property
    def bytes_read(self) -> int:
        return self.records.bytes_read

    def __iter__(self) -> Iterator[RowResult]:
        for chunk in self.chunks():
            yield from chunk

    def chunks(self) -> Iterator[list[RowResult]]:
        batch: list[RowResult] = []
        for result in self._results():
            batch.append(result)
            if len(batch) >= self.chunk_rows:
                yield self._unique(batch)
                batch = []
        if batch:
            yield self._unique(batch)

    def _results(self) -> Iterator[RowResult]:
        header = self.format.header
        for row, cells in self.records:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines and Excel's rows of bare separators
            problem = _width_problem(row, cells, header)
            if problem:
                yield RowResult(row, None, [problem])
                continue
            yield from self.format.feed(row, cells)
        yield from self.format.finish()

    def _unique(self, batch: list[RowResult]) -> list[RowResult]:
        first_row_of = self.seen.first_rows(r.product.retailer_id for r in batch if r.product)
        checked: list[RowResult] = []
        for result in batch:
            if result.product is not None:
                retailer_id = result.product.retailer_id
                first = first_row_of.setdefault(retailer_id, result.row)
                if first != result.row:
                    params = {"value": retailer_id, "first_row": first}
                    problem = Problem(result.row, "", "duplicate", params)
                    result = RowResult(result.row, None, [problem], retailer_id)
            checked.append(result)
        self.seen.add(
            (r.product.retailer_id, r.row) if r.product else (r.retailer_id, None)
            for r in checked
            if r.product or r.retailer_id
        )
        return checked
