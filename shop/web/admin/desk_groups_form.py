"""The groups page's form, without scripts: the desk's groups document as rows `g0`, `g1`, …
(one per group, plus a blank row to add one) and back, and a refused field's path in the
document (`groups.1.sla_seconds`) mapped to the row it was typed in (`g1.sla_seconds`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from multidict import MultiMapping

from shop.desk.groups import Group, Groups

TEXTS = ("key", "title", "opens", "closes", "away_text", "sla_seconds", "capacity", "keywords")
FLAGS = ("private", "round_robin")
MAX_ROWS = 12
_ROW = re.compile(r"^g(\d{1,2})\.(\w+)$")


@dataclass
class GroupRow:
    name: str  # "g0"
    values: dict[str, str] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    days: list[int] = field(default_factory=list)
    stored: bool = False  # a saved group: its key stays as it is (chats point to it)

    @property
    def blank(self) -> bool:
        return not (self.values.get("key", "").strip() or self.values.get("title", "").strip())


def rows_of(groups: Groups) -> list[GroupRow]:
    rows = [_row(f"g{i}", group) for i, group in enumerate(groups.groups)]
    return with_blank(rows)


def _row(name: str, group: Group) -> GroupRow:
    values = {
        "key": group.key,
        "title": group.title,
        "opens": group.opens,
        "closes": group.closes,
        "away_text": group.away_text,
        "sla_seconds": str(group.sla_seconds),
        "capacity": str(group.capacity),
        "keywords": ", ".join(group.keywords),
        "private": "1" if group.private else "",
        "round_robin": "1" if group.round_robin else "",
    }
    return GroupRow(name, values, list(group.members), list(group.days), stored=True)


def with_blank(rows: list[GroupRow]) -> list[GroupRow]:
    """The rows plus one blank row to add a group, while there is room for one."""
    if len(rows) >= MAX_ROWS or (rows and rows[-1].blank):
        return rows
    return [*rows, GroupRow(f"g{max((_index(r) for r in rows), default=-1) + 1}")]


def _index(row: GroupRow) -> int:
    return int(row.name[1:])


def rows_from_form(form: MultiMapping[Any]) -> list[GroupRow]:
    rows: dict[int, GroupRow] = {}
    for key in set(form.keys()):
        match = _ROW.match(key)
        if match is None or int(match[1]) >= MAX_ROWS:
            continue
        row = rows.setdefault(int(match[1]), GroupRow(f"g{match[1]}"))
        values = [str(v) for v in form.getall(key) if isinstance(v, str)]
        if match[2] == "members":
            row.members = values
        elif match[2] == "days":
            row.days = [int(v) for v in values if v.isdigit()]
        elif match[2] == "stored":
            row.stored = True
        elif match[2] in (*TEXTS, *FLAGS, "remove"):
            row.values[match[2]] = values[-1] if values else ""
    return [rows[i] for i in sorted(rows)]


@dataclass(frozen=True)
class Document:
    values: dict[str, Any]
    rows: list[str]  # the row name of groups[i]


def document_of(rows: list[GroupRow], default_group: str) -> Document:
    """The document the rows say: blank rows and rows marked for removal left out."""
    kept = [row for row in rows if not row.blank and not row.values.get("remove")]
    groups = [
        {
            **{name: row.values.get(name, "").strip() for name in TEXTS if name != "keywords"},
            "opens": clock(row.values.get("opens", "")),
            "closes": clock(row.values.get("closes", "")),
            "members": row.members,
            "days": row.days,
            "keywords": _words(row.values.get("keywords", "")),
            **{flag: bool(row.values.get(flag)) for flag in FLAGS},
        }
        for row in kept
    ]
    return Document({"groups": groups, "default_group": default_group}, [r.name for r in kept])


def clock(text: str) -> str:
    """`9:00`, `9.00` or `09:00` as the document's `09:00`; anything else is left for the
    check to refuse beside the field."""
    hours, sep, minutes = text.strip().replace(".", ":").partition(":")
    if sep and hours.isdigit() and len(hours) <= 2:
        return f"{int(hours):02d}:{minutes}"
    return text.strip()


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def field_name(path: str, doc: Document) -> str:
    """`groups.1.sla_seconds` → `g2.sla_seconds` (its row); `groups.0.days.3` → `g0.days`;
    the list itself → `groups`; `default_group` as it is."""
    parts = path.split(".")
    if parts[0] == "groups" and len(parts) >= 3 and parts[1].isdigit():
        return f"{doc.rows[int(parts[1])]}.{parts[2]}"
    if parts[0] == "groups" and len(parts) == 2 and parts[1].isdigit():
        return doc.rows[int(parts[1])]
    return parts[0]
