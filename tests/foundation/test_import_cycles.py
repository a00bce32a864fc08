"""No import cycles among the project's modules, and no HTTP routes outside shop/web/."""

from __future__ import annotations

import re
from collections import deque
from itertools import pairwise
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("shop", "catalog", "payments", "webhooks", "sandbox")
# The fake Graph and YooKassa are an application of their own, with their own routes.
ROUTES_ALLOWED = ("shop/web/", "sandbox/")
REGISTERS_ROUTES = re.compile(
    r"\.(add_get|add_post|add_put|add_patch|add_delete|add_route)\("
    r"|web\.(get|post|put|patch|delete)\("
    r"|RouteTableDef"
)
_FROM = re.compile(r"from\s+(\.*)([\w.]*)\s+import\b")

Edge = tuple[str, str]


def _name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_files(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Each module of the packages under `root` (not an installed copy): its file."""
    return {
        _name(root, p): p for package in packages for p in sorted((root / package).rglob("*.py"))
    }


def _nearest(name: str, modules: dict[str, Path]) -> str | None:
    """The module `name` is, or the nearest package it lives in (an imported class or function)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _from_source(importer: str, is_package: bool, line: str) -> str | None:
    """The module a `from … import` line imports from, relative imports resolved."""
    found = _FROM.match(line.strip())
    if found is None:
        return None
    dots, module = len(found[1]), found[2]
    if not dots:
        return module
    base = importer.split(".")[: None if is_package else -1]
    base = base[: len(base) - (dots - 1)]
    return ".".join([*base, *([module] if module else [])])


# What counts as an import:
# - every `import` statement, at module level or inside a function: an import hidden in a
#   function still ties the two modules together, it only delays the failure to run time;
# - not those under `if TYPE_CHECKING:`, which never run;
# - `from package import name` depends on the package itself as well as on `package.name`:
#   Python runs the package's `__init__` first;
# - a package's `__init__` importing its own submodules is no cycle of interest.
# import-linter's `acyclic_siblings` contract looks for cycles between the children of a
# package, each squashed with its descendants; a cycle of modules across packages (or across
# the top-level packages) is outside it, hence this test on grimp's graph.
def import_graph(
    root: Path = ROOT, packages: tuple[str, ...] = PACKAGES
) -> tuple[dict[str, set[str]], dict[Edge, str]]:
    """The modules' imports, and for each one the first line that makes it."""
    files = project_files(root, packages)
    built = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    graph: dict[str, set[str]] = {m: set() for m in files}
    where: dict[Edge, str] = {}

    def add(importer: str, imported: str | None, evidence: str) -> None:
        if imported is None or imported == importer:
            return
        if files[importer].name == "__init__.py" and imported.startswith(importer + "."):
            return
        graph[importer].add(imported)
        where.setdefault((importer, imported), evidence)

    for importer in files:
        is_package = files[importer].name == "__init__.py"
        for imported in sorted(built.find_modules_directly_imported_by(importer)):
            for detail in built.get_import_details(importer=importer, imported=imported):
                line = str(detail["line_contents"])
                evidence = f"{files[importer].relative_to(root)}:{detail['line_number']}: {line}"
                add(importer, _nearest(imported, files), evidence)
                source = _from_source(importer, is_package, line)
                add(importer, source and _nearest(source, files), evidence)
    return graph, where


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of more than one module, each sorted (iterative: no recursion
    limit however deep the imports go)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph[step]))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def shortest_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest way round the component from its first module back to it."""
    members, start = set(component), component[0]
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for step in sorted(graph[node] & members):
            if step == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if step not in came_from:
                came_from[step] = node
                queue.append(step)
    raise AssertionError(f"{component} is not a cycle")


def describe(graph: dict[str, set[str]], where: dict[Edge, str], component: list[str]) -> str:
    cycle = shortest_cycle(graph, component)
    hops = [f"    {where[(a, b)]}" for a, b in pairwise(cycle)]
    return "\n".join([f"cycle of {len(component)}: {' <-> '.join(component)}", *hops])


def files_registering_routes(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    relative = (p.relative_to(root).as_posix() for p in project_files(root, packages).values())
    return sorted(
        name
        for name in relative
        if not name.startswith(ROUTES_ALLOWED)
        and REGISTERS_ROUTES.search((root / name).read_text(encoding="utf-8"))
    )


def test_no_module_imports_itself_back_through_others() -> None:
    graph, where = import_graph()
    cycles = [describe(graph, where, c) for c in strongly_connected(graph)]
    for cycle in cycles:
        print(cycle)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_only_shop_web_registers_http_routes() -> None:
    found = files_registering_routes()
    assert not found, f"HTTP routes registered outside shop/web/: {found}"


FIXTURE = {
    "__init__.py": "from . import a\n",  # a package importing its own modules: not a cycle
    "a.py": "import cyclesfixture.d\n\ndef later():\n    from cyclesfixture import b\n",
    "b.py": "from cyclesfixture.c import x\n",
    "c.py": "import cyclesfixture.a\n\nx = 1\n",
    "d.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from . import a\n",
    "e/__init__.py": "from cyclesfixture.f import y\n",
    "e/g.py": "",
    "f.py": "from cyclesfixture.e import g\n\ny = g\n",
    "web/__init__.py": "",
    "web/routes.py": "def bind(app):\n    app.router.add_get('/', None)\n",
    "orders.py": "def bind(app):\n    app.router.add_post('/pay', None)\n",
}


def test_the_check_counts_imports_in_functions_and_packages_run_but_not_type_checking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in FIXTURE.items():
        (tmp_path / "cyclesfixture" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "cyclesfixture" / name).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph, where = import_graph(tmp_path, ("cyclesfixture",))
    assert strongly_connected(graph) == [
        ["cyclesfixture.a", "cyclesfixture.b", "cyclesfixture.c"],
        ["cyclesfixture.e", "cyclesfixture.f"],  # through `from cyclesfixture.e import g`
    ]
    assert describe(graph, where, ["cyclesfixture.a", "cyclesfixture.b", "cyclesfixture.c"]) == (
        "cycle of 3: cyclesfixture.a <-> cyclesfixture.b <-> cyclesfixture.c\n"
        "    cyclesfixture/a.py:4: from cyclesfixture import b\n"
        "    cyclesfixture/b.py:1: from cyclesfixture.c import x\n"
        "    cyclesfixture/c.py:1: import cyclesfixture.a"
    )
    assert _from_source("shop.web.keys", False, "from ..runtime import Runtime") == "shop.runtime"
    monkeypatch.setattr(f"{__name__}.ROUTES_ALLOWED", ("cyclesfixture/web/",))
    assert files_registering_routes(tmp_path, ("cyclesfixture",)) == ["cyclesfixture/orders.py"]
