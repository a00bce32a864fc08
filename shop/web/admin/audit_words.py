"""The audit log's stored codes as the merchant reads them: `order:A-10001` is the order's
word and number with its link, `paid → confirmed` names both statuses by their labels, a
settings change names its fields by their labels. What has no word is shown as it is stored."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from shop.texts import CATALOGUE, t
from shop.texts.html import upper_first

_SETTINGS_PAGES = {
    "reminders": "/admin/settings/reminders",
    "languages": "/admin/settings/languages",
    "shop": "/admin/settings/shop",
    "delivery": "/admin/settings/delivery",
    "taxes": "/admin/settings/taxes",
}
_TRANSITION = re.compile(r"(?P<before>[a-z_]+) → (?P<after>[a-z_]+)(?P<rest>.*)", re.S)
_CHANGE = re.compile(r"(?P<name>[a-z_0-9]+)(?P<values>: .*)?")


@dataclass(frozen=True)
class Subject:
    text: str
    href: str | None = None


def word(key: str, fallback: str) -> str:
    return t(key) if key in CATALOGUE["ru"] else fallback


def subject(stored: str) -> Subject:
    kind, _, name = stored.partition(":")
    if kind == "order" and name:
        return Subject(t("audit.subject.order", number=name), f"/admin/orders?q={name}")
    if kind == "user" and name:
        return Subject(t("audit.subject.user", name=name), "/admin/users")
    if kind == "settings" and name in _SETTINGS_PAGES:
        title = word(f"admin.settings.{name}.title", name)
        return Subject(t("audit.subject.settings", page=title), _SETTINGS_PAGES[name])
    return Subject(stored)


def detail(action: str, stored_subject: str, stored: str) -> str:
    if action == "order.status" and (found := _TRANSITION.fullmatch(stored)):
        before, after = (_status(found.group(g)) for g in ("before", "after"))
        return f"{before} → {after}{found.group('rest')}"
    if action == "settings":
        page = stored_subject.partition(":")[2]
        return _settings_change(page, stored)
    return stored


def _status(code: str) -> str:
    return upper_first(word(f"status.{code}", code))


def _settings_change(page: str, stored: str) -> str:
    """`cap_30d: 4 → 2, steps` or `{json} → {json}` with each field's label."""
    before, arrow, after = stored.partition(" → ")
    if arrow and before.startswith("{"):
        try:
            old, new = json.loads(before), json.loads(after)
        except ValueError:
            return stored
        return ", ".join(
            _field_change(page, name, old.get(name), new.get(name))
            for name in new
            if old.get(name) != new.get(name)
        )
    return ", ".join(_labelled(page, part) for part in stored.split(", "))


def _labelled(page: str, part: str) -> str:
    found = _CHANGE.fullmatch(part)
    if found is None:
        return part
    name = found.group("name")
    return word(f"admin.settings.{page}.{name}", name) + (found.group("values") or "")


def _field_change(page: str, name: str, old: Any, new: Any) -> str:
    label = word(f"admin.settings.{page}.{name}", name)
    return f"{label}: {_value(old)} → {_value(new)}"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return t("audit.value.yes") if value else t("audit.value.no")
    return "—" if value is None else str(value)
