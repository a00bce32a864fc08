"""Russian-friendly product search: normalising, a light stemmer and trigram typo tolerance."""

from __future__ import annotations

import functools
import heapq
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

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


# A posting is a doc's number and the field its term was found in, in one int: `doc << 2 |
# field` (the field's position in WEIGHTS). Most stems of a large catalog (numbers, models)
# occur in one product: they keep that int alone, the others an array of them in doc order.
# 100,000 products cost tens of MB less than with a dict per stem, and the server keeps it.
Postings: TypeAlias = "int | array[int]"
# Which docs (by number) a search may return: one index serves several selections.
Keep: TypeAlias = Callable[[int], bool]
_FIELD_WEIGHTS = tuple(WEIGHTS.values())
_FIELDS = tuple(WEIGHTS)


@functools.lru_cache(maxsize=4096)
def _field_terms(text: str) -> tuple[str, ...]:
    """`terms` of a brand or category: a few hundred of them are shared by 100,000 products."""
    return tuple(terms(text))


def _heavier(a: int, b: int) -> int:
    """Of two postings of one doc, the one in the field that weighs more."""
    return b if _FIELD_WEIGHTS[b & 3] > _FIELD_WEIGHTS[a & 3] else a


def _add(postings: dict[str, Postings], term: str, posting: int) -> None:
    entry = postings.get(term)
    if entry is None:
        postings[term] = posting
    elif isinstance(entry, int):
        if entry >> 2 == posting >> 2:
            postings[term] = _heavier(entry, posting)
        else:
            postings[term] = array("i", (entry, posting))
    elif entry[-1] >> 2 == posting >> 2:
        entry[-1] = _heavier(entry[-1], posting)
    else:
        entry.append(posting)


def _weights(entry: Postings, keep: Keep | None = None) -> dict[int, float]:
    """Doc number → weight of a stem's postings (of the docs `keep` keeps, with one)."""
    postings: Iterable[int] = (entry,) if isinstance(entry, int) else entry
    if keep is None:
        return {posting >> 2: _FIELD_WEIGHTS[posting & 3] for posting in postings}
    return {posting >> 2: _FIELD_WEIGHTS[posting & 3] for posting in postings if keep(posting >> 2)}


@dataclass
class SearchIndex:
    """Built once: stem → postings and a trigram index over the vocabulary."""

    postings: dict[str, Postings] = field(default_factory=dict)
    grams: dict[str, array[int]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    gram_counts: array[int] = field(default_factory=lambda: array("B"))
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
        postings = index.postings
        title, brand, category = (_FIELDS.index(name) for name in ("title", "brand", "category"))
        for number, doc in enumerate(docs):
            index.ids.append(doc.id)
            for term in terms(doc.title):
                _add(postings, term, number << 2 | title)
            for term in _field_terms(doc.brand):
                _add(postings, term, number << 2 | brand)
            for term in _field_terms(doc.category):
                _add(postings, term, number << 2 | category)
            if number % step == step - 1:
                yield None
        index.vocabulary = sorted(postings)
        grams: dict[str, array[int]] = {}
        for position, term in enumerate(index.vocabulary):
            term_grams = trigrams(term)
            index.gram_counts.append(len(term_grams))
            for gram in term_grams:
                positions = grams.get(gram)
                if positions is None:
                    positions = grams[gram] = array("i")
                positions.append(position)
            if position % step == step - 1:
                yield None
        index.grams = grams
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

    def _matches(self, term: str, keep: Keep | None = None) -> dict[int, float]:
        """Docs holding the term (or, when none does, a term within typo distance), with
        their weights. With `keep`, the index answers as one built of the kept docs alone
        would: a term only other docs hold counts as absent, so a typo still finds them."""
        for exact in (term, _without_fleeting_vowel(term)):
            entry = self.postings.get(exact)
            if entry is not None:
                found = _weights(entry, keep)
                if found:
                    return found
        found = {}
        for candidate, closeness in self._close_terms(term):
            for doc, weight in _weights(self.postings[candidate], keep).items():
                found[doc] = max(found.get(doc, 0.0), weight * closeness)
        return found

    def search(self, query: str, limit: int = 30, keep: Keep | None = None) -> list[Hit]:
        """Docs matching most query words first, then by weight (title over brand over
        category); with `keep`, only the docs it keeps (by number)."""
        scores: dict[int, float] = defaultdict(float)
        matched: Counter[int] = Counter()
        for term in dict.fromkeys(terms(query)):
            for doc, weight in self._matches(term, keep).items():
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
