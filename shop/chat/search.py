"""Russian-friendly product search: normalising, a light stemmer and trigram typo tolerance."""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_WORD = re.compile(r"[0-9a-zа-я]+")
# Longest first, so "-ами" wins over "-и".
_ENDINGS = sorted(
    [
        "ами",
        "ями",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ов",
        "ев",
        "ей",
        "ой",
        "ый",
        "ий",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ом",
        "ем",
        "ам",
        "ям",
        "ах",
        "ях",
        "ую",
        "юю",
        "ых",
        "их",
        "а",
        "я",
        "ы",
        "и",
        "у",
        "ю",
        "е",
        "о",
        "ь",
        "й",
    ],
    key=len,
    reverse=True,
)
_STOP = frozenset(
    [
        "и",
        "в",
        "во",
        "на",
        "с",
        "со",
        "для",
        "по",
        "из",
        "к",
        "от",
        "до",
        "или",
        "а",
        "the",
        "and",
        "for",
        "of",
        "with",
    ]
)
_MIN_STEM = 3
_VOWELS = frozenset("аеиоуыэюяьй")
TYPO_SIMILARITY = 0.45
WEIGHTS = {"title": 3.0, "brand": 2.0, "category": 1.5}


def normalize(text: str) -> str:
    """Case-fold, ё→е, punctuation to spaces."""
    folded = text.casefold().replace("ё", "е")
    return " ".join(_WORD.findall(folded))


def stem(word: str) -> str:
    """Strip one common Russian ending, keeping at least three letters of the stem."""
    if not ("а" <= word[:1] <= "я"):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def terms(text: str) -> list[str]:
    """Stems of the meaningful words of a text, in order."""
    return [stem(w) for w in normalize(text).split() if w not in _STOP]


def _without_fleeting_vowel(term: str) -> str:
    """Genitive plurals drop a vowel the other forms lack: кружек → кружк, елок → елк."""
    if len(term) >= 4 and term[-2] in "ео" and term[-1] == "к" and term[-3] not in _VOWELS:
        return term[:-2] + "к"
    return term


def trigrams(token: str) -> set[str]:
    padded = f"  {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two tokens' trigram sets."""
    ta, tb = trigrams(a), trigrams(b)
    return 2 * len(ta & tb) / (len(ta) + len(tb))


@dataclass(frozen=True)
class SearchDoc:
    id: str
    title: str
    brand: str = ""
    category: str = ""


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    matched: int


# Docs (or vocabulary terms) indexed between two chances for other work to run (whoever
# builds on an event loop decides by the clock at which of them it lets the loop run).
BUILD_STEP = 50


@dataclass
class SearchIndex:
    """Built once: stem → {doc: weight} postings and a trigram index over the vocabulary."""

    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    grams: dict[str, list[int]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    gram_counts: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, docs: Iterable[SearchDoc]) -> SearchIndex:
        *_, index = cls.build_in_steps(docs)
        assert index is not None
        return index

    @classmethod
    def build_in_steps(
        cls, docs: Iterable[SearchDoc], step: int = BUILD_STEP
    ) -> Iterator[SearchIndex | None]:
        """`build` in slices: None after every `step` docs or terms, the index at the end.

        100,000 products take seconds of CPU; whoever builds on an event loop lets other
        work run at each None.
        """
        index = cls()
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for number, doc in enumerate(docs):
            index.ids.append(doc.id)
            for where, text in (
                ("title", doc.title),
                ("brand", doc.brand),
                ("category", doc.category),
            ):
                for term in terms(text):
                    best = postings[term].get(number, 0.0)
                    postings[term][number] = max(best, WEIGHTS[where])
            if number % step == step - 1:
                yield None
        index.postings = dict(postings)
        index.vocabulary = sorted(index.postings)
        grams: dict[str, list[int]] = defaultdict(list)
        for position, term in enumerate(index.vocabulary):
            term_grams = trigrams(term)
            index.gram_counts.append(len(term_grams))
            for gram in term_grams:
                grams[gram].append(position)
            if position % step == step - 1:
                yield None
        index.grams = dict(grams)
        yield index

    def _close_terms(self, term: str) -> list[tuple[str, float]]:
        """Vocabulary terms within typo distance, found through shared trigrams."""
        query_grams = trigrams(term)
        shared: Counter[int] = Counter()
        for gram in query_grams:
            shared.update(self.grams.get(gram, ()))
        close = []
        for position, common in shared.items():
            score = 2 * common / (len(query_grams) + self.gram_counts[position])
            if score >= TYPO_SIMILARITY:
                close.append((self.vocabulary[position], score))
        return close

    def _matches(self, term: str) -> dict[int, float]:
        exact = self.postings.get(term) or self.postings.get(_without_fleeting_vowel(term))
        if exact is not None:
            return exact
        found: dict[int, float] = {}
        for candidate, closeness in self._close_terms(term):
            for doc, weight in self.postings[candidate].items():
                found[doc] = max(found.get(doc, 0.0), weight * closeness)
        return found

    def search(self, query: str, limit: int = 30) -> list[Hit]:
        """Docs matching most query words first, then by weight (title over brand over category)."""
        scores: dict[int, float] = defaultdict(float)
        matched: Counter[int] = Counter()
        for term in dict.fromkeys(terms(query)):
            for doc, weight in self._matches(term).items():
                scores[doc] += weight
                matched[doc] += 1
        # A common word matches thousands of products; only the best `limit` are ordered.
        ranked = heapq.nsmallest(limit, scores, key=lambda d: (-matched[d], -scores[d], d))
        return [Hit(self.ids[d], round(scores[d], 4), matched[d]) for d in ranked]


def closest(query: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Names most similar to the query (for "nothing found, maybe …" suggestions)."""
    wanted = normalize(query)
    if not wanted:
        return []
    scored = [(similarity(wanted, normalize(n)), n) for n in names if normalize(n)]
    scored = [s for s in scored if s[0] > 0.1]
    scored.sort(key=lambda s: -s[0])
    return [name for _, name in scored[:limit]]
