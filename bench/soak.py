"""Soak: shopping traffic beside a 100,000-row catalog import, its sync and CLI commands.

`shop serve` runs in sandbox mode (the fakes of WhatsApp and YooKassa mounted in it, as a new
merchant first runs it), on SQLite by default. Its replies go to a Graph fake in this process
that records them and passes everything else (the catalog, the templates) on to the sandbox.

1. Baseline: the shoppers alone (`--baseline` seconds, measured in the same run).
2. Soak: the same shoppers while a second process imports a 100,000-row catalog CSV
   (`shop catalog import`, again with changed prices every `--import-every` seconds), the
   server's worker and `shop catalog sync` push the changes to the catalog, and a CLI loop
   runs `shop catalog import --dry-run`, `shop templates sync`, `shop reconcile` and
   `shop catalog sync` one after another, each a process of its own.

At the end it waits for the inbox and outbox to drain, then prints the count of "database
is locked" in the server's and the CLI's logs, the webhooks acknowledged against the
messages processed, replies lost or duplicated, and reply latency in both phases; it exits 1
if any of the first four is not zero (or not equal).

    python bench/soak.py                      # 20 minutes on SQLite
    python bench/soak.py --minutes 4          # a short check
    python bench/soak.py --backend postgresql
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench._common import ROOT, cpu_seconds, free_port, fresh_pg, start, stop, wait_http
from bench._shoppers import GraphFake, Result, Shop, seed, shoppers, start_fake
from bench.catalog_import import write_meta
from shop.sandbox_mode import SANDBOX_APP_SECRET, SANDBOX_CATALOG_ID, SANDBOX_PHONE_NUMBER_ID
from shop.storage.db import Database

LOCKED = "database is locked"
TEA = (
    "TEA1,Чай чёрный,Чай для бенчмарка,in stock,new,299.00 RUB,,https://shop.example/p/tea,"
    "https://shop.example/i/tea.jpg,Бренд,1000000,,Чай\n"
)
CLI_PAUSE = 5.0  # between two commands of the CLI loop


@dataclass
class Commands:
    """The CLI processes run beside the server: their exit codes, their output in one log."""

    log: IO[str]
    env: dict[str, str]
    exits: list[tuple[str, int]] = field(default_factory=list)

    async def run(self, *args: str) -> int:
        name = " ".join(args)
        self.log.write(f"\n=== shop {name} ({datetime.now(UTC):%H:%M:%S})\n")
        self.log.flush()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "shop",
            *args,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        code = await process.wait()
        self.exits.append((args[0] + (" --dry-run" if "--dry-run" in args else ""), code))
        return code


async def imports(commands: Commands, files: list[Path], every: float, until: float) -> None:
    """The full import at once, then again with the other file every `every` seconds."""
    n = 0
    while time.perf_counter() < until:
        started = time.perf_counter()
        await commands.run("catalog", "import", str(files[n % len(files)]))
        n += 1
        now = time.perf_counter()
        await asyncio.sleep(max(0.0, min(started + every, until) - now))


async def cli_loop(commands: Commands, file: Path, until: float) -> None:
    today = datetime.now(UTC).date().isoformat()
    cycle = [
        ("catalog", "import", "--dry-run", str(file)),
        ("templates", "sync"),
        ("reconcile", "--since", today),
        ("catalog", "sync"),
    ]
    n = 0
    while time.perf_counter() < until:
        await commands.run(*cycle[n % len(cycle)])
        n += 1
        await asyncio.sleep(CLI_PAUSE)


async def drained(db: Database, seconds: float = 180.0) -> bool:
    """Until no inbox item and no outbox message is waiting (or `seconds` have passed)."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        async with db.read_connection() as conn:
            waiting = (
                await conn.execute(
                    text(
                        "SELECT (SELECT count(*) FROM wa_inbox WHERE processed_at IS NULL)"
                        " + (SELECT count(*) FROM wa_outbox WHERE state IN ('pending', 'sending'))"
                    )
                )
            ).scalar_one()
        if not waiting:
            return True
        await asyncio.sleep(1)
    return False


async def counts(db: Database) -> dict[str, int]:
    queries = {
        "stored": "SELECT count(*) FROM wa_inbox WHERE kind = 'message'",
        "processed": "SELECT count(*) FROM wa_inbox WHERE kind = 'message'"
        " AND processed_at IS NOT NULL AND last_error IS NULL",
        "failed": "SELECT count(*) FROM wa_inbox WHERE kind = 'message' AND last_error IS NOT NULL",
        "dead letters": "SELECT count(*) FROM wa_dead_letter",
        "products": "SELECT count(*) FROM catalog_product WHERE active",
        "products synced": "SELECT count(*) FROM catalog_product WHERE synced_hash = content_hash",
        "sync batches": "SELECT count(*) FROM catalog_sync_batch",
        "items sent": "SELECT count(*) FROM catalog_sync_item",
        "orders": "SELECT count(*) FROM shop_order",
    }
    found = {}
    async with db.read_connection() as conn:
        for name, sql in queries.items():
            found[name] = int((await conn.execute(text(sql))).scalar_one())
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def soak_env(database_url: str, port: int, graph_port: int) -> dict[str, str]:
    """Sandbox mode, as a new merchant runs it; only the Graph URL points at our recorder."""
    base = f"http://127.0.0.1:{port}"
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "YOOKASSA_"))}
    return {
        **keep,
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": base,
        "SANDBOX_URL": base,
        "WHATSAPP_GRAPH_URL": f"http://127.0.0.1:{graph_port}/graph",
        "LOG_LEVEL": "WARNING",
    }


async def soak(args: argparse.Namespace, database_url: str, tmp: Path) -> int:
    files = [tmp / "catalog_a.csv", tmp / "catalog_b.csv"]
    for bump, path in enumerate(files):
        write_meta(path, args.rows - 1, bump=bump * args.rows)
        with path.open("a", encoding="utf-8") as out:
            out.write(TEA)
    port, graph_port = free_port(), free_port()
    fake = GraphFake(upstream=f"http://127.0.0.1:{port}/sandbox/graph")
    runner = await start_fake(fake, graph_port)
    env = soak_env(database_url, port, graph_port)
    server_log_path, cli_log_path = tmp / "serve.log", tmp / "cli.log"
    with server_log_path.open("w") as server_log, cli_log_path.open("w") as cli_log:
        commands = Commands(cli_log, env)
        if await commands.run("db", "upgrade") != 0:
            print(f"migrations failed; see {cli_log_path}")
            return 1
        await seed(database_url, 300)
        serve = start(["-m", "shop", "serve", "--port", str(port)], env, server_log)
        db = Database(database_url)
        try:
            await wait_http(f"http://127.0.0.1:{port}/healthz", serve)
            shop = Shop(
                f"http://127.0.0.1:{port}/webhooks/whatsapp",
                secret=SANDBOX_APP_SECRET,
                phone_id=SANDBOX_PHONE_NUMBER_ID,
                catalog_id=SANDBOX_CATALOG_ID,
            )
            began = time.perf_counter()
            split = began + args.baseline
            end = began + args.minutes * 60
            think = (min(args.think_min, args.think), args.think)
            rows = f"{args.rows:,}".replace(",", " ")
            print(
                f"{args.shoppers} shoppers, {think[0]}–{think[1]} s between turns; "
                f"baseline {args.baseline:.0f} s, then {rows} rows imported every "
                f"{args.import_every:.0f} s with sync and CLI commands, "
                f"{args.minutes:g} min in all",
                flush=True,
            )
            cpu = [cpu_seconds(serve.pid)]
            traffic = asyncio.create_task(shoppers(shop, fake, args.shoppers, think, until=end))
            await asyncio.sleep(max(0.0, split - time.perf_counter()))
            rss_before = rss_mb(serve.pid)
            cpu.append(cpu_seconds(serve.pid))
            await asyncio.gather(
                imports(commands, files, args.import_every, end),
                cli_loop(commands, files[0], end),
            )
            result = await traffic
            cpu.append(cpu_seconds(serve.pid))
            settled = await drained(db)
            found = await counts(db)
            rss_after = rss_mb(serve.pid)
        finally:
            stop(serve)
            await db.dispose()
            await runner.cleanup()
    served = server_log_path.read_text(errors="replace")
    ran = cli_log_path.read_text(errors="replace")
    print_report(result, fake, (split, end), cpu, found, commands, settled)

    print(f"server RSS: {rss_before:.0f} MB after the baseline, {rss_after:.0f} MB at the end")
    print(
        f"'{LOCKED}': server log {served.count(LOCKED)}, CLI logs {ran.count(LOCKED)}; "
        f"tracebacks: server {served.count('Traceback')}, CLI {ran.count('Traceback')}"
    )
    if args.keep_logs:
        print(f"logs: {server_log_path}, {cli_log_path}")
    failures = [
        what
        for what, bad in (
            (f"'{LOCKED}' logged", served.count(LOCKED) + ran.count(LOCKED) > 0),
            (
                "not every acknowledged message processed",
                not settled or found["processed"] != result.turns,
            ),
            ("replies lost", result.lost > 0),
            ("replies duplicated", fake.duplicates() > 0),
        )
        if bad
    ]
    print("FAILED: " + "; ".join(failures) if failures else "passed")
    return 1 if failures else 0


def print_report(
    result: Result,
    fake: GraphFake,
    phases: tuple[float, float],
    cpu: list[float],
    found: dict[str, int],
    commands: Commands,
    settled: bool,
) -> None:
    """The shopping figures of both phases (the server's CPU per turn includes the sync's
    in the second), what the database holds, and how the CLI commands ended."""
    split, end = phases
    baseline, loaded = result.between(0, split), result.between(split, end + 60)
    baseline.cpu, loaded.cpu = cpu[1] - cpu[0], cpu[2] - cpu[1]
    print(baseline.line("baseline (shopping)"))
    print(loaded.line("soak (import+sync+CLI)"))
    print(
        f"webhooks acknowledged: {result.turns}; messages stored {found['stored']}, "
        f"processed {found['processed']}, failed {found['failed']}, "
        f"dead letters {found['dead letters']}; drained: {'yes' if settled else 'NO'}"
    )
    print(
        f"replies: lost {result.lost}, duplicated {fake.duplicates()}; "
        f"purchases completed {result.purchases}, orders {found['orders']}"
    )
    print(
        f"catalog: {found['sync batches']} batches of {found['items sent']} items sent; at the "
        f"end {found['products synced']} of {found['products']} active products in sync "
        "(the last import's changes may still be on their way)"
    )
    by_command: dict[str, list[int]] = {}
    for name, code in commands.exits:
        by_command.setdefault(name, []).append(code)
    print(
        "CLI runs: "
        + ", ".join(
            f"{name} {len(codes)}× (exit≠0: {sum(1 for c in codes if c)})"
            for name, codes in by_command.items()
        )
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0, help="the whole run")
    parser.add_argument("--baseline", type=float, help="seconds of shopping alone first")
    parser.add_argument("--shoppers", type=int, default=100)
    parser.add_argument("--think", type=float, default=10.0, help="most seconds between turns")
    parser.add_argument("--think-min", type=float, default=3.0, help="least seconds between turns")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the catalog file")
    parser.add_argument("--import-every", type=float, default=300.0, help="seconds")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--keep-logs", action="store_true", help="keep and name the logs")
    args = parser.parse_args()
    if args.baseline is None:
        args.baseline = max(60.0, min(180.0, args.minutes * 60 * 0.15))
    tmp = Path(tempfile.mkdtemp(prefix="vitrina-soak-"))
    try:
        if args.backend == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp / 'soak.db'}"
        else:
            url = await fresh_pg(f"vitrina_bench_soak_{os.getpid()}")
        return await soak(args, url, tmp)
    finally:
        if not args.keep_logs:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import uvloop

    sys.exit(uvloop.run(main()))
