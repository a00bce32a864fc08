"""The nudge decision modules stay pure: no await, no database, no HTTP, no web framework."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SHOP = Path(__file__).resolve().parents[2] / "shop"
# The pure rules of reminders and consent; the scheduler, stores and pages beside them do I/O.
PURE = {
    "reminders": ("chart", "config", "funnel", "guard", "policy", "reasons"),
    "consent": ("rules", "csv_file"),
}
ALLOWED_OURS = {
    *(f"shop.{package}.{name}" for package, names in PURE.items() for name in names),
    "shop.settings",
    "shop.texts",
}


def _modules() -> list[Path]:
    return [SHOP / package / f"{name}.py" for package, names in PURE.items() for name in names]


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_a_nudge_module_has_no_await_and_no_io_imports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not any(isinstance(n, ast.AsyncFunctionDef | ast.Await) for n in ast.walk(tree))
    for name in _imports(tree):
        top = name.split(".")[0]
        if top in {"shop", "catalog", "payments", "webhooks", "sandbox"}:
            assert any(name == o or name.startswith(o + ".") for o in ALLOWED_OURS), name
        else:
            assert top in sys.stdlib_module_names or top == "__future__", name
