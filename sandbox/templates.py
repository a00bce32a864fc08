"""The template registry: seeded approved templates, lookup, status changes and listing."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
STATUSES = {
    "APPROVED",
    "PENDING",
    "REJECTED",
    "PAUSED",
    "DISABLED",
    "IN_APPEAL",
    "PENDING_DELETION",
    "DELETED",
    "ARCHIVED",
    "LIMIT_EXCEEDED",
    "FLAGGED",
    "REINSTATED",
    "LOCKED",
}
CATEGORIES = {"MARKETING", "UTILITY", "AUTHENTICATION"}


@dataclass
class Template:
    id: str
    name: str
    language: str
    category: str
    components: list[dict[str, Any]]
    status: str = "APPROVED"
    parameter_format: str = "POSITIONAL"
    quality_score: str = "UNKNOWN"
    extra: dict[str, Any] = field(default_factory=dict)

    def graph(self) -> dict[str, Any]:
        """The template as `GET /{waba_id}/message_templates` returns it."""
        return {
            "name": self.name,
            "parameter_format": self.parameter_format,
            "components": self.components,
            "language": self.language,
            "status": self.status,
            "category": self.category,
            "quality_score": {"score": self.quality_score},
            "id": self.id,
            **self.extra,
        }

    def component(self, kind: str) -> dict[str, Any] | None:
        for component in self.components:
            if str(component.get("type", "")).upper() == kind:
                return component
        return None

    def buttons(self) -> list[dict[str, Any]]:
        block = self.component("BUTTONS")
        return list(block.get("buttons", [])) if block else []


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def seed_templates() -> list[Template]:
    """The approved templates every sandbox starts with: Vitrina's own in Russian, as its
    template book (shop/whatsapp/template_book.py) defines them (a test keeps the two equal),
    and Meta's sample."""
    return [
        Template(
            id="900000000000001",
            name="cart_reminder",
            language="ru",
            category="MARKETING",
            components=[
                {
                    "type": "BODY",
                    "text": "Здравствуйте, {{1}}! Вы оставили товары в корзине на сумму {{2}}. "
                    "Оформить заказ можно в пару касаний.",
                    "example": {"body_text": [["Анна", "1 299,00 ₽"]]},
                },
                {"type": "FOOTER", "text": "Отписаться можно кнопкой ниже"},
                {
                    "type": "BUTTONS",
                    "buttons": [
                        {"type": "QUICK_REPLY", "text": "Вернуться к корзине"},
                        {"type": "QUICK_REPLY", "text": "Отписаться"},
                    ],
                },
            ],
        ),
        Template(
            id="900000000000004",
            name="cart_reminder_promo",
            language="ru",
            category="MARKETING",
            components=[
                {
                    "type": "BODY",
                    "text": "Здравствуйте, {{1}}! Вы оставили товары в корзине на сумму {{2}}. "
                    "По промокоду {{3}} оформите их со скидкой.",
                    "example": {"body_text": [["Анна", "1 299,00 ₽", "K7M2QX9P"]]},
                },
                {"type": "FOOTER", "text": "Отписаться можно кнопкой ниже"},
                {
                    "type": "BUTTONS",
                    "buttons": [
                        {"type": "QUICK_REPLY", "text": "Вернуться к корзине"},
                        {"type": "QUICK_REPLY", "text": "Отписаться"},
                    ],
                },
            ],
        ),
        Template(
            id="900000000000002",
            name="order_link",
            language="ru",
            category="UTILITY",
            components=[
                {
                    "type": "BODY",
                    "text": "Заказ № {{1}} оформлен. Оплатить и проверить его можно по ссылке.",
                    "example": {"body_text": [["A-10001"]]},
                },
                {
                    "type": "BUTTONS",
                    "buttons": [
                        {
                            "type": "URL",
                            "text": "Открыть заказ",
                            "url": "https://vitrina.example/o/{{1}}",
                            "example": ["https://vitrina.example/o/kq3Jx0aPw7LmZt2vR9sN4e"],
                        }
                    ],
                },
            ],
        ),
        Template(
            id="900000000000005",
            name="order_update",
            language="ru",
            category="UTILITY",
            components=[
                {
                    "type": "BODY",
                    "text": "Новости по заказу № {{1}}: {{2}}. Подробности — по кнопке.",
                    "example": {
                        "body_text": [
                            ["A-10001", "заказ передан в доставку, трек-номер 80080012345678"]
                        ]
                    },
                },
                {
                    "type": "BUTTONS",
                    "buttons": [
                        {
                            "type": "URL",
                            "text": "Открыть заказ",
                            "url": "https://vitrina.example/o/{{1}}",
                            "example": ["https://vitrina.example/o/kq3Jx0aPw7LmZt2vR9sN4e"],
                        }
                    ],
                },
            ],
        ),
        Template(
            id="900000000000006",
            name="csat",
            language="ru",
            category="UTILITY",
            components=[
                {
                    "type": "BODY",
                    "text": "Спасибо, что написали нам. Оцените, пожалуйста, насколько мы "
                    "помогли: от 1 (плохо) до 5 (отлично).",
                },
                {
                    "type": "BUTTONS",
                    "buttons": [
                        {"type": "QUICK_REPLY", "text": "1"},
                        {"type": "QUICK_REPLY", "text": "2"},
                        {"type": "QUICK_REPLY", "text": "3"},
                        {"type": "QUICK_REPLY", "text": "4"},
                        {"type": "QUICK_REPLY", "text": "5"},
                    ],
                },
            ],
        ),
        Template(
            id="900000000000003",
            name="hello_world",
            language="en_US",
            category="UTILITY",
            components=[
                {"type": "HEADER", "format": "TEXT", "text": "Hello World"},
                {
                    "type": "BODY",
                    "text": "Welcome and congratulations!! This message demonstrates your "
                    "ability to send a WhatsApp message notification from the Cloud API.",
                },
                {"type": "FOOTER", "text": "WhatsApp Business Platform sample message"},
            ],
        ),
    ]


class TemplateRegistry:
    """Templates keyed by (name, language), in creation order."""

    def __init__(self, templates: list[Template]) -> None:
        self._by_key: dict[tuple[str, str], Template] = {}
        self._next_id = 900000000001000
        for template in templates:
            self._by_key[(template.name, template.language)] = template

    def get(self, name: str, language: str) -> Template | None:
        return self._by_key.get((name, language))

    def all(self) -> list[Template]:
        return list(self._by_key.values())

    def upsert(self, data: dict[str, Any]) -> Template:
        """Add or replace a template from a Graph-shaped dict; raises ValueError if malformed."""
        name, language = data.get("name"), data.get("language")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,512}", name):
            raise ValueError("name must be lowercase letters, digits and _")
        if not isinstance(language, str) or not language:
            raise ValueError("language is required")
        category = str(data.get("category", "UTILITY")).upper()
        status = str(data.get("status", "APPROVED")).upper()
        components = data.get("components", [])
        if category not in CATEGORIES:
            raise ValueError(f"category must be one of {sorted(CATEGORIES)}")
        if status not in STATUSES:
            raise ValueError(f"status must be one of {sorted(STATUSES)}")
        if not isinstance(components, list) or not all(isinstance(c, dict) for c in components):
            raise ValueError("components must be a list of objects")
        existing = self.get(name, language)
        template = Template(
            id=existing.id if existing else self._new_id(),
            name=name,
            language=language,
            category=category,
            components=components,
            status=status,
            parameter_format=str(data.get("parameter_format", "POSITIONAL")).upper(),
        )
        self._by_key[(name, language)] = template
        return template

    def set_status(self, template: Template, status: Any) -> None:
        """Raises ValueError for a status Meta does not have."""
        if not isinstance(status, str) or status.upper() not in STATUSES:
            raise ValueError(f"status must be one of {sorted(STATUSES)}")
        template.status = status.upper()

    def _new_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def page(
        self, filters: dict[str, str], limit: int, after: str | None
    ) -> tuple[list[Template], str | None, str | None]:
        """One page of templates matching `filters`: (items, after cursor, next cursor)."""
        matching = [t for t in self.all() if _matches(t, filters)]
        start = decode_cursor(after) + 1 if after else 0
        items = matching[start : start + limit]
        last = start + len(items) - 1
        after_cursor = encode_cursor(last) if items else None
        more = start + limit < len(matching)
        return items, after_cursor, after_cursor if more else None


def _matches(template: Template, filters: dict[str, str]) -> bool:
    checks = {
        "name": lambda v: v in template.name,
        "status": lambda v: template.status in v.upper().split(","),
        "category": lambda v: template.category in v.upper().split(","),
        "language": lambda v: template.language in v.split(","),
    }
    return all(checks[key](value) for key, value in filters.items() if key in checks)


def encode_cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"tpl:{index}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The index a cursor points at; raises ValueError for a cursor we did not issue."""
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        text = base64.urlsafe_b64decode(padded.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("bad cursor") from exc
    prefix, _, number = text.partition(":")
    if prefix != "tpl" or not number.isdigit():
        raise ValueError("bad cursor")
    return int(number)
