"""Run the quick benchmarks on two checkouts, one after the other, and keep both outputs.

For a change that must not cost speed (a restructure): `python bench/compare.py OLD NEW`,
where OLD and NEW are checkouts (for example `git worktree add ../before HEAD~5`). Each
benchmark runs on OLD, then at once on NEW, so both meet the same machine; the outputs are
printed side by side per benchmark and written to `--out` (default bench-compare.md).
Exit code 0; a benchmark that fails is reported with its exit code and the rest go on.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

QUICK = (
    ("intake", ["bench/intake.py", "--quick"]),
    ("send", ["bench/send.py", "--quick"]),
    ("inbox_drain", ["bench/inbox_drain.py", "--quick"]),
    ("shopping", ["bench/shopping.py", "--quick"]),
    ("checkout", ["bench/checkout.py", "--quick"]),
    ("nudges", ["bench/nudges.py", "--quick"]),
    ("search", ["bench/search.py", "--quick"]),
    ("catalog_import", ["bench/catalog_import.py", "--quick"]),
    ("catalog_sync", ["bench/catalog_sync.py", "--quick"]),
)


def run(checkout: Path, args: list[str]) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, *args], cwd=checkout, capture_output=True, text=True, timeout=1800
    )
    output = (done.stdout + done.stderr).strip()
    return done.returncode, output, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--only", nargs="*", help="benchmark names to run (default: all)")
    parser.add_argument("--out", type=Path, default=Path("bench-compare.md"))
    args = parser.parse_args()
    chosen = [(name, cmd) for name, cmd in QUICK if not args.only or name in args.only]
    report: list[str] = []
    for index, (name, cmd) in enumerate(chosen, 1):
        for label, checkout in (("before", args.old), ("after", args.new)):
            print(f"[{index}/{len(chosen)}] {name} ({label})…", file=sys.stderr, flush=True)
            code, output, seconds = run(checkout, cmd)
            status = "" if code == 0 else f" (exit {code})"
            report.append(f"## {name}, {label}{status}, {seconds:.0f} s\n\n```\n{output}\n```\n")
    text = "\n".join(report)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
