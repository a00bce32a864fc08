"""Search speed over a synthetic Russian catalog: index build time and query latency.

Prints figures for the index next to a naive baseline measured in the same run (a linear
scan that normalises and compares every title), because shared machines are noisy.

    python bench/search.py            # 100 000 products
    python bench/search.py --quick    # 10 000 products
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from shop.chat.search import SearchDoc, SearchIndex, terms

NOUNS = [
    "чайник",
    "кружка",
    "тарелка",
    "ложка",
    "вилка",
    "нож",
    "сковорода",
    "кастрюля",
    "ваза",
    "лампа",
    "подушка",
    "одеяло",
    "полотенце",
    "свеча",
    "рамка",
    "зеркало",
    "часы",
    "корзина",
    "коврик",
    "штора",
    "чашка",
    "блюдце",
    "салатник",
    "термос",
]
ADJECTIVES = [
    "синий",
    "красный",
    "белый",
    "чёрный",
    "зелёный",
    "стеклянный",
    "керамический",
    "деревянный",
    "большой",
    "малый",
    "электрический",
    "заварочный",
    "детский",
    "новогодний",
    "льняной",
    "хлопковый",
]
BRANDS = ("Bosch", "Tefal", "Luminarc", "Икеа", "Гжель", "Домовой", "Polaris", "Attribute")
QUERIES = {
    "exact": "чайник",
    "declined": "чайников",
    "two words": "синие кружки",
    "ё/е": "черный термос",
    "typo": "сковародка",
    "brand": "tefal",
    "miss": "синхрофазотрон",
}


def catalog(size: int, seed: int = 7) -> list[SearchDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(size):
        noun = rng.choice(NOUNS)
        title = f"{rng.choice(ADJECTIVES).capitalize()} {noun} {rng.randint(1, 999)}"
        docs.append(SearchDoc(f"SKU{i}", title, rng.choice(BRANDS), noun.capitalize() + "и"))
    return docs


def naive(docs: list[SearchDoc]) -> Callable[[str], list[str]]:
    """The baseline: normalise every document per query and keep those sharing a stem."""

    def run(query: str) -> list[str]:
        wanted = set(terms(query))
        found = []
        for doc in docs:
            words = set(terms(f"{doc.title} {doc.brand} {doc.category}"))
            if wanted & words:
                found.append(doc.id)
        return found[:30]

    return run


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 000 products instead of 100 000")
    args = parser.parse_args()
    size = 10_000 if args.quick else 100_000
    docs = catalog(size)
    start = time.perf_counter()
    index = SearchIndex.build(docs)
    build = time.perf_counter() - start
    print(f"products: {size}, vocabulary: {len(index.vocabulary)} stems")
    print(f"index build: {build:.2f} s")
    baseline = naive(docs)
    print(f"{'query':<12} {'index p50 ms':>13} {'index max ms':>13} {'scan ms':>9} {'hits':>5}")
    for name, query in QUERIES.items():
        samples = timed(lambda q=query: index.search(q), 20)  # type: ignore[misc]
        scan = timed(lambda q=query: baseline(q), 1)  # type: ignore[misc]
        hits = len(index.search(query))
        print(
            f"{name:<12} {statistics.median(samples):>13.2f} {max(samples):>13.2f} "
            f"{scan[0]:>9.0f} {hits:>5}"
        )


if __name__ == "__main__":
    main()
