"""The text catalogue: both locales complete, Russian plurals, money formats."""

from __future__ import annotations

import re

import pytest

from catalog.money import Money
from shop.texts import CATALOGUE, format_money, placeholders, plural_ru, t


def test_both_locales_have_the_same_keys() -> None:
    assert set(CATALOGUE["ru"]) == set(CATALOGUE["en"])


@pytest.mark.parametrize("key", sorted(CATALOGUE["ru"]))
def test_both_locales_use_the_same_placeholders(key: str) -> None:
    assert placeholders(CATALOGUE["ru"][key]) == placeholders(CATALOGUE["en"][key])


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_button_texts_fit_whatsapp_button_titles(locale: str) -> None:
    long = {k: v for k, v in CATALOGUE[locale].items() if k.startswith("button.") and len(v) > 20}  # type: ignore[index]
    assert long == {}


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (0, "товаров"),
        (1, "товар"),
        (2, "товара"),
        (4, "товара"),
        (5, "товаров"),
        (11, "товаров"),
        (12, "товаров"),
        (14, "товаров"),
        (21, "товар"),
        (22, "товара"),
        (25, "товаров"),
        (101, "товар"),
        (111, "товаров"),
        (1004, "товара"),
    ],
)
def test_russian_plural_forms(n: int, word: str) -> None:
    assert plural_ru(n, "товар", "товара", "товаров") == word


def test_plural_placeholders_pick_the_form_for_the_number() -> None:
    assert t("catalog.count", "ru", n=1) == "1 товар"
    assert t("catalog.count", "ru", n=3) == "3 товара"
    assert t("catalog.count", "ru", n=5) == "5 товаров"
    assert t("catalog.count", "en", n=1) == "1 item"
    assert t("catalog.count", "en", n=5) == "5 items"


@pytest.mark.parametrize(
    ("amount", "ru", "en"),
    [
        ("1299", "1\u00a0299,00\u00a0₽", "RUB\u00a01,299.00"),
        ("0", "0,00\u00a0₽", "RUB\u00a00.00"),
        ("5.5", "5,50\u00a0₽", "RUB\u00a05.50"),
        ("1234567.891", "1\u00a0234\u00a0567,89\u00a0₽", "RUB\u00a01,234,567.89"),
        ("-300", "-300,00\u00a0₽", "-RUB\u00a0300.00"),
    ],
)
def test_money_is_formatted_per_locale(amount: str, ru: str, en: str) -> None:
    money = Money.rub(amount)
    assert format_money(money, "ru") == ru
    assert format_money(money, "en") == en


def test_foreign_currency_shows_its_code_in_russian() -> None:
    assert format_money(Money(amount=12, currency="USD"), "ru") == "12,00\u00a0USD"


def test_money_placeholder_refuses_plain_numbers() -> None:
    from shop.texts.format import TextFormatter

    assert TextFormatter("ru").format("{x:money}", x=Money.rub(10)) == "10,00\u00a0₽"
    with pytest.raises(TypeError):
        TextFormatter("ru").format("{x:money}", x=10)


def test_unknown_key_is_an_error_not_a_silent_blank() -> None:
    with pytest.raises(KeyError):
        t("no.such.key", "ru")


def test_every_text_renders_in_both_locales_with_sample_values() -> None:
    values = {"n": 2, "count": 3, "money": Money.rub(1)}
    for locale, table in CATALOGUE.items():
        for key, template in table.items():
            params = {
                name: Money.rub(1) if kind == "money" else values.get(name, "x")
                for name, kind in placeholders(template)
            }
            rendered = t(key, locale, **params)
            assert "{" not in rendered, (locale, key)


def test_every_order_status_and_refusal_has_a_text() -> None:
    from shop.orders.checkout import Refusal
    from shop.orders.model import OrderStatus

    for locale in ("ru", "en"):
        for status in OrderStatus:
            assert t(f"status.{status.value}", locale)
        for reason in Refusal:
            assert t(f"order.refused.{reason.value}", locale)


@pytest.mark.parametrize("locale", ["ru", "en"])
@pytest.mark.parametrize("amount", ["1299", "1234567.89", "-300", "5"])
def test_an_amount_never_wraps_inside(locale: str, amount: str) -> None:
    """Every space inside an amount is a no-break space (U+00A0), in both locales."""
    written = format_money(Money.rub(amount), locale)  # type: ignore[arg-type]
    assert " " not in written
    assert "\u00a0" in written
    assert "\u202f" not in written


def test_chat_texts_with_money_keep_amounts_whole() -> None:
    said = t("cart.next", "ru", total=format_money(Money.rub("1299"), "ru"))
    assert said == "Итого 1\u00a0299,00\u00a0₽. Оформляем?"
    assert t("order.placed", "ru", number="A-1", total=Money.rub("1299"), link="L").startswith(
        "Заказ A-1 на 1\u00a0299,00\u00a0₽ оформлен"
    )


# Short adjectives, participles and past-tense verbs agree with the noun's gender; a product's
# title can be any noun («Кружка», «Чайник», «Масло»), so no text about one may guess.
GENDERED = re.compile(
    r"\b(недоступ(ен|на|но)|доступ(ен|на)|добавлен[аоы]?|удал[её]н[аоы]?|убран[аоы]?"
    r"|закончил(ся|ась|ось)|кончил(ся|ась|ось)|распродан[аоы]?|продан[аоы]?"
    r"|остал(ся|ась)|его|её|ее|он|она|оно)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "key", sorted(k for k, v in CATALOGUE["ru"].items() if "{title}" in v or "{sku}" in v)
)
def test_russian_texts_about_a_product_use_no_gendered_forms(key: str) -> None:
    assert GENDERED.findall(CATALOGUE["ru"][key]) == []


def test_the_audit_catches_the_old_gendered_lines() -> None:
    for old in ("«{title}» сейчас недоступен — убрал его", "«{title}» закончился", "добавлена"):
        assert GENDERED.search(old)
