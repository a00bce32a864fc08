"""No Russian text outside the catalogue, but the words that parse what a shopper or a file says."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

SHOP = Path(__file__).resolve().parents[2] / "shop"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Modules whose Russian strings read input, or are data rather than text; each says which.
READERS = {
    "chat/search.py": "word endings and stop words of the search",
    "chat/handlers/menu.py": "menu words a shopper may type",
    "chat/handlers/checkout.py": "the words that confirm an order",
    "chat/language.py": "the letters that tell Russian from English",
    "consent/rules.py": "the opt-out and resume keywords",
    "consent/csv_file.py": "the CSV's header aliases and the stems of source kinds",
    "reminders/config.py": "the words of a setting's on and off",
    "delivery/options.py": "the sandbox's demo pickup points (addresses)",
    "orders/queries.py": "an order number typed with a Cyrillic А",
    "orders/refund_lines.py": "the delivery line's title, stored in refunds and matched",
    "orders/tracking_import.py": "the tracking CSV's header aliases",
    "chat/handover.py": "the stems of a return request a shopper may type",
    "desk/groups.py": "the default groups' routing keywords (what shoppers type)",
}


def _docstrings(tree: ast.AST) -> Iterator[ast.AST]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.value


def _russian_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node) for node in _docstrings(tree)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and CYRILLIC.search(node.value)
    ]


def test_no_module_outside_the_catalogue_writes_russian_text() -> None:
    found = {
        str(path.relative_to(SHOP)): strings
        for path in sorted(SHOP.rglob("*.py"))
        if "texts" not in path.relative_to(SHOP).parts[:1]
        and str(path.relative_to(SHOP)) not in READERS
        and (strings := _russian_strings(path))
    }
    assert found == {}


def test_every_reader_listed_still_reads_russian() -> None:
    assert [name for name in READERS if not _russian_strings(SHOP / name)] == []


def test_no_template_writes_russian_text() -> None:
    written = [
        str(path.relative_to(SHOP))
        for path in sorted(SHOP.rglob("*.html"))
        if CYRILLIC.search(path.read_text(encoding="utf-8"))
    ]
    assert written == []
