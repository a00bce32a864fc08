"""fit() trims a reply's text cleanly to a limit (the limits: tests/whatsapp/test_messages.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shop.chat.replies import fit


def test_fit_keeps_short_text() -> None:
    assert fit("Корзина", 20) == "Корзина"


def test_fit_cuts_on_a_word_with_an_ellipsis() -> None:
    assert fit("Чайник электрический стеклянный", 24) == "Чайник электрический…"


def test_fit_cuts_a_single_long_word_hard() -> None:
    assert fit("Электрочайниковедение", 10) == "Электроча…"


@given(text=st.text(), limit=st.integers(min_value=1, max_value=100))
def test_fit_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert len(fit(text, limit)) <= limit
