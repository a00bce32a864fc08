"""Search: Russian declensions, ё/е, typos, field weights and suggestions."""

from __future__ import annotations

import pytest

from shop.chat.search import SearchDoc, SearchIndex, closest, normalize, stem, terms

DOCS = [
    SearchDoc("kettle", "Чайник электрический", "Bosch", "Чайники"),
    SearchDoc("teapot", "Заварочный чайник стеклянный", "", "Посуда"),
    SearchDoc("tree", "Ёлка искусственная", "", "Новый год"),
    SearchDoc("mug", "Кружка синяя", "Luminarc", "Посуда"),
    SearchDoc("bosch-drill", "Дрель ударная", "Bosch", "Инструменты"),
]
INDEX = SearchIndex.build(DOCS)


def ids_for(query: str) -> list[str]:
    return [hit.id for hit in INDEX.search(query)]


@pytest.mark.parametrize(
    "word", ["чайник", "чайники", "чайников", "чайнику", "чайниками", "ЧАЙНИК"]
)
def test_declensions_of_a_word_share_a_stem(word: str) -> None:
    assert stem(normalize(word)) == "чайник"


@pytest.mark.parametrize("query", ["чайник", "чайники", "чайников", "Чайниками!"])
def test_declined_queries_find_the_kettles(query: str) -> None:
    assert set(ids_for(query)) == {"kettle", "teapot"}


@pytest.mark.parametrize("query", ["ёлка", "елка", "ёлки", "елку", "ЕЛОК"])
def test_yo_and_ye_are_the_same_letter(query: str) -> None:
    assert ids_for(query)[:1] == ["tree"]


@pytest.mark.parametrize("query", ["чайнек", "кружька", "елка искуственая"])
def test_a_typo_still_finds_the_product(query: str) -> None:
    assert ids_for(query), query


@pytest.mark.parametrize(("query", "found"), [("кружек", "mug"), ("ёлок", "tree")])
def test_genitive_plural_with_a_fleeting_vowel(query: str, found: str) -> None:
    assert ids_for(query)[:1] == [found]


def test_a_typo_finds_the_right_product_first() -> None:
    assert ids_for("кружька")[0] == "mug"


def test_brand_and_category_match_too() -> None:
    assert set(ids_for("bosch")) == {"kettle", "bosch-drill"}
    assert set(ids_for("посуда")) == {"teapot", "mug"}


def test_title_outranks_category() -> None:
    index = SearchIndex.build(
        [
            SearchDoc("in-category", "Подставка", "", "Чайники"),
            SearchDoc("in-title", "Чайник", "", ""),
        ]
    )
    assert [h.id for h in index.search("чайник")] == ["in-title", "in-category"]


def test_more_matched_words_rank_first() -> None:
    assert ids_for("чайник bosch")[0] == "kettle"


def test_stop_words_and_punctuation_are_ignored() -> None:
    assert terms("Кружка, для чая!") == ["кружк", "чая"]
    assert ids_for("для") == []


def test_empty_and_unrelated_queries_find_nothing() -> None:
    assert ids_for("") == []
    assert ids_for("???") == []
    assert ids_for("автомобиль") == []


def test_limit_is_respected() -> None:
    index = SearchIndex.build(SearchDoc(str(i), f"Чайник {i}") for i in range(50))
    assert len(index.search("чайник", limit=30)) == 30


def test_suggestions_are_the_closest_names() -> None:
    names = ["Чайники", "Посуда", "Инструменты"]
    assert closest("чайнички", names)[0] == "Чайники"
    assert closest("", names) == []


def test_a_word_in_title_and_category_of_one_product_counts_once_at_the_title_weight() -> None:
    index = SearchIndex.build(
        [
            SearchDoc("first", "Кружка 1024", "Кружкин", "Кружки"),
            SearchDoc("second", "Блюдце", "", "Кружки"),
        ]
    )
    hits = index.search("кружка", 5)
    assert [(h.id, h.score, h.matched) for h in hits] == [("first", 3.0, 1), ("second", 1.5, 1)]


def test_a_word_only_the_first_product_has_is_found() -> None:
    # The first product's postings are number 0: a word of it alone must not read as absent.
    index = SearchIndex.build([SearchDoc("only", "Самовар 1024"), SearchDoc("other", "Блюдце")])
    assert [h.id for h in index.search("1024", 5)] == ["only"]
    assert [h.id for h in index.search("самоваров", 5)] == ["only"]
    assert [h.id for h in index.search("самавар", 5)] == ["only"]


def test_many_products_sharing_a_word_are_all_found_in_order() -> None:
    docs = [SearchDoc(f"p{n}", f"Свеча {n}", "Бренд" if n % 2 else "", "Свечи") for n in range(300)]
    hits = SearchIndex.build(docs).search("свеча бренд", 300)
    assert [h.id for h in hits[:150]] == [f"p{n}" for n in range(1, 300, 2)]
    assert {h.score for h in hits[:150]} == {5.0}
    assert {h.score for h in hits[150:]} == {3.0}
    assert len(hits) == 300
