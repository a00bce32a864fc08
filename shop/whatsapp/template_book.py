"""The message templates Vitrina needs, defined once: names, categories, texts in Russian and
English, parameters with examples, and buttons.

The senders take their names from here, `shop doctor` checks the account's templates against
these, `shop templates submit` and the console's templates page send them for review as
`POST /{waba}/message_templates` bodies (`create_body`), and docs/GO-LIVE.md lists them
(a test holds the document to this book).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shop.texts import Locale, t

LANGUAGES: tuple[Locale, ...] = ("ru", "en")
ORDER_PAGE = "/o/{{1}}"  # the URL button's suffix: its one parameter is the order's token
EXAMPLE_TOKEN = "kq3Jx0aPw7LmZt2vR9sN4e"  # noqa: S105 - a made-up order token for reviewers


@dataclass(frozen=True)
class Button:
    kind: str  # QUICK_REPLY or URL
    url_path: str | None = None  # URL buttons: the path after PUBLIC_BASE_URL, with {{1}}


@dataclass(frozen=True)
class TemplateSpec:
    """One template; its texts are `book.<name>.*` in shop/texts/templates_book.py."""

    name: str
    category: str  # UTILITY or MARKETING
    parameters: tuple[str, ...]  # body parameters in order: {{1}} is the first
    buttons: tuple[Button, ...] = ()
    footer: bool = False

    def body(self, locale: Locale) -> str:
        """The body as Meta stores it, with {{1}}, {{2}}, … in the parameters' places."""
        slots = {name: f"{{{{{i + 1}}}}}" for i, name in enumerate(self.parameters)}
        return t(f"book.{self.name}.body", locale, **slots)

    def examples(self, locale: Locale) -> list[str]:
        return [t(f"book.{self.name}.example.{p}", locale) for p in self.parameters]

    def button_text(self, index: int, locale: Locale) -> str:
        return t(f"book.{self.name}.button.{index}", locale)


QUICK = Button("QUICK_REPLY")
ORDER_BUTTON = Button("URL", ORDER_PAGE)

CART_REMINDER = TemplateSpec(
    "cart_reminder", "MARKETING", ("name", "total"), (QUICK, QUICK), footer=True
)
CART_REMINDER_PROMO = TemplateSpec(
    "cart_reminder_promo", "MARKETING", ("name", "total", "code"), (QUICK, QUICK), footer=True
)
ORDER_LINK = TemplateSpec("order_link", "UTILITY", ("number",), (ORDER_BUTTON,))
ORDER_UPDATE = TemplateSpec("order_update", "UTILITY", ("number", "news"), (ORDER_BUTTON,))
CSAT = TemplateSpec("csat", "UTILITY", (), (QUICK,) * 5)

BOOK: tuple[TemplateSpec, ...] = (
    CART_REMINDER,
    CART_REMINDER_PROMO,
    ORDER_LINK,
    ORDER_UPDATE,
    CSAT,
)


def spec(name: str) -> TemplateSpec | None:
    return next((s for s in BOOK if s.name == name), None)


def _button(item: TemplateSpec, index: int, locale: Locale, base_url: str) -> dict[str, Any]:
    button = item.buttons[index]
    shown: dict[str, Any] = {"type": button.kind, "text": item.button_text(index, locale)}
    if button.url_path is not None:
        shown["url"] = base_url.rstrip("/") + button.url_path
        shown["example"] = [shown["url"].replace("{{1}}", EXAMPLE_TOKEN)]
    return shown


def create_body(item: TemplateSpec, locale: Locale, base_url: str) -> dict[str, Any]:
    """`POST /{waba}/message_templates`'s body for this template in this language."""
    body: dict[str, Any] = {"type": "BODY", "text": item.body(locale)}
    if item.parameters:
        body["example"] = {"body_text": [item.examples(locale)]}
    components: list[dict[str, Any]] = [body]
    if item.footer:
        components.append({"type": "FOOTER", "text": t(f"book.{item.name}.footer", locale)})
    if item.buttons:
        buttons = [_button(item, i, locale, base_url) for i in range(len(item.buttons))]
        components.append({"type": "BUTTONS", "buttons": buttons})
    return {
        "name": item.name,
        "language": locale,
        "category": item.category,
        "parameter_format": "POSITIONAL",
        "components": components,
    }
