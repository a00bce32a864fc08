"""Catalogue texts inside pages: escaped like any value, markup values kept, labels of codes."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from catalog.money import Money
from shop.texts import t
from shop.texts.html import TEMPLATE_FILTERS, TEMPLATE_GLOBALS, html_label, html_text, upper_first


def test_a_text_reads_the_same_on_a_page_as_in_the_chat() -> None:
    assert html_text("catalog.count", "ru", n=3) == t("catalog.count", "ru", n=3) == "3 товара"
    total = Money.rub("1299")
    assert html_text("order.placed", "en", number="A-1", total=total, link="L") == t(
        "order.placed", "en", number="A-1", total=total, link="L"
    )


def test_values_are_escaped_but_markup_the_template_built_is_kept() -> None:
    shown = html_text("admin.refund.question", amount="<i>1 ₽</i>")
    assert shown == "Вернуть покупателю &lt;i&gt;1 ₽&lt;/i&gt;?"
    kept = html_text("admin.refund.question", amount=Markup("<b>1 ₽</b>"))
    assert kept == "Вернуть покупателю <b>1 ₽</b>?"
    assert isinstance(kept, Markup)


def test_the_catalogues_own_words_are_escaped_too() -> None:
    assert "YooKassa's" in t("order.page.secure", "en")
    assert "YooKassa&#39;s" in html_text("order.page.secure", "en")


def test_a_code_without_a_label_shows_as_it_is() -> None:
    assert html_label("status", "paid", "ru") == "оплачен"
    assert html_label("status", "<odd>", "ru") == "&lt;odd&gt;"


def test_upper_first_leaves_the_rest_alone() -> None:
    assert upper_first("ждёт оплаты") == "Ждёт оплаты"
    assert upper_first("via YooKassa") == "Via YooKassa"
    assert upper_first("") == ""


def test_templates_call_the_catalogue() -> None:
    env = jinja2.Environment(autoescape=True)
    env.globals.update(TEMPLATE_GLOBALS)
    env.filters.update(TEMPLATE_FILTERS)
    template = env.from_string(
        '{% set b %}<b>{{ amount }}</b>{% endset %}{{ t("admin.refund.question", amount=b) }} '
        '{{ label("status", "needs_review", "en") | upper_first }}'
    )
    assert template.render(amount="<1>") == (
        "Вернуть покупателю <b>&lt;1&gt;</b>? Payment under review"
    )
