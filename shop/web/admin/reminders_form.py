"""The reminders settings page's form, without scripts: the document's values as the merchant
types them (hours with a decimal comma, dates as 01.01.2027, times as 21:00) and back.

The steps are rows named `s0`, `s1`, … with a blank row to add one; a refused step field's
path in the document (`steps.1.after_hours`) is mapped back to the row it was typed in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from shop.reminders.document import MAX_STEPS, ReminderSettings
from shop.web.admin.delivery_form import number

STEP_FIELDS = ("after_hours", "template", "promo_code")
# (field, unit's text key or ""), in the page's order, by section
GENERAL = (("cap_30d", "admin.settings.unit.messages"),)
QUIET = (
    ("quiet_from", ""),
    ("quiet_until", ""),
    ("max_lateness_hours", "admin.settings.unit.hours"),
    ("holidays", ""),
)
GUARD = (
    ("guard_opt_out_percent", "admin.settings.unit.percent"),
    ("guard_complaint_percent", "admin.settings.unit.percent"),
    ("guard_min_delivered", "admin.settings.unit.messages"),
    ("guard_opt_out_backstop", "admin.settings.unit.shoppers"),
    ("guard_window_days", "admin.settings.unit.days"),
)
SCALARS = tuple(name for name, _ in (*GENERAL, *QUIET, *GUARD))
_STEP = re.compile(r"^s(\d)\.(\w+)$")
_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass
class StepRow:
    name: str  # "s0"
    values: dict[str, str]

    @property
    def blank(self) -> bool:
        return not any(self.values.get(f, "").strip() for f in STEP_FIELDS)


def _decimal(value: Decimal) -> str:
    """`0.50` as the merchant types it: `0,5`."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def values_of(doc: ReminderSettings) -> dict[str, str]:
    """The page's scalar fields (the steps are `rows_of`)."""
    return {
        "enabled": "1" if doc.enabled else "",
        "cap_30d": str(doc.cap_30d),
        "quiet_from": doc.quiet_from or "",
        "quiet_until": doc.quiet_until or "",
        "max_lateness_hours": str(doc.max_lateness_hours),
        "holidays": ", ".join(d.strftime("%d.%m.%Y") for d in doc.holidays),
        "guard_opt_out_percent": _decimal(doc.guard_opt_out_percent),
        "guard_complaint_percent": _decimal(doc.guard_complaint_percent),
        "guard_min_delivered": str(doc.guard_min_delivered),
        "guard_opt_out_backstop": str(doc.guard_opt_out_backstop),
        "guard_window_days": str(doc.guard_window_days),
    }


def rows_of(doc: ReminderSettings) -> list[StepRow]:
    rows = [
        StepRow(
            f"s{i}",
            {
                "after_hours": _decimal(step.after_hours),
                "template": step.template,
                "promo_code": step.promo_code,
            },
        )
        for i, step in enumerate(doc.steps)
    ]
    return with_blank(rows)


def with_blank(rows: list[StepRow]) -> list[StepRow]:
    """The rows plus one blank row to add a step, while there is room for one."""
    if len(rows) >= MAX_STEPS or (rows and rows[-1].blank):
        return rows
    return [*rows, StepRow(f"s{len(rows)}", {})]


def rows_from_form(form: Mapping[str, str]) -> list[StepRow]:
    rows: dict[int, StepRow] = {}
    for key, value in form.items():
        match = _STEP.match(key)
        if match is None or match[2] not in STEP_FIELDS or int(match[1]) >= MAX_STEPS:
            continue
        index = int(match[1])
        rows.setdefault(index, StepRow(f"s{index}", {})).values[match[2]] = value
    return [rows[i] for i in sorted(rows)]


def _day(text: str) -> str:
    """`01.01.2027` → `2027-01-01`; anything else is left for the check to refuse."""
    match = _DAY.match(text)
    if match is None:
        return text
    try:
        return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
    except ValueError:
        return text


def _time(text: str) -> str | None:
    """`21.00` or `21:00`; blank is none."""
    return text.strip().replace(".", ":") or None


@dataclass(frozen=True)
class Document:
    values: dict[str, Any]
    steps: list[str]  # the row name of steps[i]


def document_of(form: Mapping[str, str], rows: list[StepRow]) -> Document:
    kept = [row for row in rows if not row.blank]
    holidays = [part.strip() for part in form.get("holidays", "").split(",") if part.strip()]
    values: dict[str, Any] = {
        "enabled": form.get("enabled", "") != "",
        "steps": [
            {
                "after_hours": number(row.values.get("after_hours", "")),
                "template": row.values.get("template", ""),
                "promo_code": row.values.get("promo_code", ""),
            }
            for row in kept
        ],
        "quiet_from": _time(form.get("quiet_from", "")),
        "quiet_until": _time(form.get("quiet_until", "")),
        "holidays": [_day(part) for part in holidays],
    }
    for name in SCALARS:
        if name not in values:
            values[name] = number(form.get(name, ""))
    return Document(values, [row.name for row in kept])


def field_name(path: str, doc: Document) -> str:
    """`steps.1.after_hours` → `s2.after_hours` (the row it was typed in); `holidays.0` →
    `holidays`; the steps' list itself → `steps`."""
    parts = path.split(".")
    if parts[0] == "steps" and len(parts) >= 2 and parts[1].isdigit():
        row = doc.steps[int(parts[1])]
        return ".".join([row, *parts[2:]]) if parts[2:] else row
    return parts[0]
