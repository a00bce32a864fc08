"""The catalogue inside HTML pages: what the templates call as `t(…)`, `label(…)`, `upper_first`.

A catalogue text is plain text, so its words are escaped like any value; a value the template
built as markup (`{% set b %}<b>…</b>{% endset %}`) goes in as it is.
"""

from __future__ import annotations

import string

from markupsafe import Markup, escape

from shop.texts import CATALOGUE, Locale
from shop.texts.format import TextFormatter

_FORMATTERS = {locale: TextFormatter(locale) for locale in CATALOGUE}
_PARSER = string.Formatter()


def html_text(key: str, locale: Locale = "ru", **params: object) -> Markup:
    """`t(key, locale, **params)` as safe HTML; unknown keys raise KeyError like `t`."""
    formatter = _FORMATTERS[locale]
    pieces: list[Markup] = []
    for literal, field, spec, _ in _PARSER.parse(CATALOGUE[locale][key]):
        pieces.append(escape(literal))
        if field is not None:
            value, _ = formatter.get_field(field, (), params)
            pieces.append(
                value
                if isinstance(value, Markup)
                else escape(formatter.format_field(value, spec or ""))
            )
    return Markup("").join(pieces)


def html_label(prefix: str, code: str, locale: Locale = "ru") -> Markup:
    """The text `prefix.code` for a stored code (a status, a reason); the code itself if none."""
    key = f"{prefix}.{code}"
    return html_text(key, locale) if key in CATALOGUE[locale] else escape(code)


def upper_first(text: str) -> str:
    """`ждёт оплаты` → `Ждёт оплаты`: a label shown on its own, the rest left as written."""
    return text[:1].upper() + text[1:]


TEMPLATE_GLOBALS = {"t": html_text, "label": html_label}
TEMPLATE_FILTERS = {"upper_first": upper_first}
