"""Catalog import benchmark: 100,000-row files in each format on SQLite and PostgreSQL.

Each import runs in a child process so its peak memory (max RSS) is its own. Reported
next to PostgreSQL's own COPY of the same rows, measured in the same run: the physical
limit of writing them. `--quick` uses 10,000 rows.

    python bench/catalog_import.py [--quick] [--rows N] [--no-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, fresh_pg

META_HEADER = (
    "id,title,description,availability,condition,price,sale_price,link,image_link,brand,"
    "quantity_to_sell_on_facebook,item_group_id,product_type\n"
)
SHOPIFY_HEADER = (
    "Handle,Title,Body (HTML),Vendor,Type,Published,Option1 Name,Option1 Value,Variant SKU,"
    "Variant Inventory Qty,Variant Inventory Policy,Variant Price,Variant Compare At Price,"
    "Image Src,Status\n"
)
DESCRIPTION = "Крупнолистовой чай высшего сорта, собран вручную весной; пачка из фольги"


def write_meta(path: Path, rows: int, *, bump: int = 0) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(META_HEADER)
        for i in range(rows):
            price = 100 + i % 5000 + (1 if i < bump else 0)
            out.write(
                f'SKU-{i},Товар {i} «Утро»,"{DESCRIPTION}, №{i}",in stock,new,'
                f"{price}.{i % 100:02d} RUB,,"
                f"https://shop.example/p/{i},https://shop.example/i/{i}.jpg,Бренд {i % 40},"
                f"{i % 50},G-{i // 4},Категория {i % 30}\n"
            )


def write_shopify(path: Path, rows: int) -> None:
    sizes = ("S", "M", "L", "XL")
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(SHOPIFY_HEADER)
        for i in range(rows):
            handle, size = f"shirt-{i // 4}", sizes[i % 4]
            if i % 4 == 0:
                out.write(
                    f'{handle},Рубашка {i // 4},"<p>{DESCRIPTION}</p><ul><li>лён</li></ul>",'
                    f"Северлён,"
                    f"Рубашки,TRUE,Размер,{size},SH-{i},{i % 9},deny,{1000 + i % 700}.00,"
                    f"{2000 + i % 700}.00,https://cdn.example/{i}.jpg,active\n"
                )
            else:
                out.write(f"{handle},,,,,,,{size},SH-{i},{i % 9},deny,{1000 + i % 700}.00,,,\n")


def write_spreadsheet(path: Path, rows: int) -> None:
    with path.open("w", encoding="cp1251", newline="") as out:
        out.write("Артикул;Название;Описание;Цена;Остаток;Категория;Фото;Ссылка;;\r\n")
        for i in range(rows):
            whole = 1000 + i % 90000
            price = f"{whole // 1000} {whole % 1000:03d},{i % 100:02d}"
            out.write(
                f'A-{i};Варенье {i};"{DESCRIPTION}";{price};{i % 70};Варенье;'
                f"https://shop.example/i/{i}.jpg;https://shop.example/p/{i};;\r\n"
            )


WRITERS = {"meta": write_meta, "shopify": write_shopify, "spreadsheet": write_spreadsheet}


async def child(path: Path, url: str) -> dict[str, float]:
    """One import (and a re-import of the same file) in this process."""
    from catalog.importing import ImportRequest, run_import
    from shop.clock import utcnow
    from shop.storage.db import Database
    from shop.storage.schema import metadata

    db = Database(url)
    async with db.connection() as conn:  # the writer: the reading engine refuses DDL
        await conn.run_sync(metadata.drop_all)
        await conn.run_sync(metadata.create_all)
    request = ImportRequest(file_name=path.name, actor="bench")
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        with path.open("rb") as source:
            report = await run_import(db, source, request, now=utcnow)
        timings.append(time.perf_counter() - started)
        assert report.exit_code == 0, report.as_json()["errors"][:3]
    result = {
        "rows": report.rows,
        "seconds": timings[0],
        "reimport_seconds": timings[1],
        "unchanged": report.unchanged,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if not db.is_sqlite:
        result["copy_seconds"] = await copy_baseline(url)
    await db.dispose()
    return result


async def copy_baseline(url: str) -> float:
    """PostgreSQL's COPY of the very rows the import wrote, into an identical empty table."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        records = await conn.fetch("SELECT * FROM catalog_product")
        columns = list(records[0].keys())
        await conn.execute("CREATE TABLE copy_probe (LIKE catalog_product INCLUDING ALL)")
        started = time.perf_counter()
        await conn.copy_records_to_table("copy_probe", records=records, columns=columns)
        return time.perf_counter() - started
    finally:
        await conn.execute("DROP TABLE IF EXISTS copy_probe")
        await conn.close()


def run_child(path: Path, url: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(path), url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LOG_LEVEL": "WARNING"},
    )
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("FILE", "URL"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(child(Path(args.child[0]), args.child[1]))))
        return
    rows = args.rows or (10_000 if args.quick else 100_000)
    with tempfile.TemporaryDirectory(prefix="vitrina-bench-") as tmp:
        work = Path(tmp)
        backends = {"sqlite": f"sqlite+aiosqlite:///{work}/bench.db"}
        if not args.no_postgres:
            backends["postgresql"] = asyncio.run(fresh_pg("vitrina_bench_catalog"))
        print(f"{rows:,} rows per file".replace(",", " "))
        print(
            "| format | backend | file MB | import s | rows/s | re-import s | peak RSS MB "
            "| COPY s | import / COPY |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, write in WRITERS.items():
            path = work / f"{name}.csv"
            write(path, rows)
            size = path.stat().st_size / 1e6
            for backend, url in backends.items():
                r = run_child(path, url)
                copy = r.get("copy_seconds")
                ratio = f"{r['seconds'] / copy:.0f}×" if copy else "—"
                copy_text = f"{copy:.2f}" if copy else "—"
                speed = f"{r['rows'] / r['seconds']:,.0f}".replace(",", " ")
                print(
                    f"| {name} | {backend} | {size:.1f} | {r['seconds']:.2f} | {speed} "
                    f"| {r['reimport_seconds']:.2f} | {r['max_rss_mb']:.0f} | {copy_text} "
                    f"| {ratio} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
