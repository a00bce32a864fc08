"""Catalog test helpers: payload paths and a parse-to-list shortcut."""

from __future__ import annotations

import io
from pathlib import Path

from catalog.formats import RowResult
from catalog.parsing import CatalogParse

PAYLOADS = Path(__file__).resolve().parents[1] / "payloads" / "catalog"


def parse_bytes(data: bytes) -> tuple[CatalogParse, list[RowResult]]:
    parse = CatalogParse(io.BytesIO(data))
    return parse, list(parse)


def parse_file(name: str) -> tuple[CatalogParse, list[RowResult]]:
    return parse_bytes((PAYLOADS / name).read_bytes())
