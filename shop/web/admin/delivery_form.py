"""The delivery page's form, without scripts: the saved options and points plus blank rows.

Fields are named by their row: `o2.title`, `o2.p1.lat`. Blank and removed rows are left out
of the document, so a refused field's path in the document (`options.1.points.0.lat`) is
mapped back to the name of the field the merchant typed it in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shop.delivery.settings import DeliverySettings

BLANK_OPTIONS = 2
BLANK_POINTS = 2
OPTION_FIELDS = ("kind", "title", "price", "free_from")
POINT_FIELDS = ("title", "address", "lat", "lon", "hours")
_ROW = re.compile(r"^o(\d{1,2})\.(?:p(\d{1,2})\.)?(\w+)$")


@dataclass
class PointRow:
    name: str  # "o0.p1"
    values: dict[str, str]
    remove: bool = False

    @property
    def blank(self) -> bool:
        return not any(self.values.get(f, "").strip() for f in POINT_FIELDS)


@dataclass
class OptionRow:
    name: str  # "o0"
    values: dict[str, str]
    points: list[PointRow] = field(default_factory=list)
    remove: bool = False

    @property
    def blank(self) -> bool:
        typed = any(self.values.get(f, "").strip() for f in ("title", "price", "free_from"))
        return not typed and all(p.blank for p in self.points)


def _amount(value: Decimal | None) -> str:
    """`350.00` as the merchant types it: `350,00`."""
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _blank_points(option: int, start: int) -> list[PointRow]:
    return [PointRow(f"o{option}.p{j}", {}) for j in range(start, start + BLANK_POINTS)]


def rows_of(doc: DeliverySettings) -> list[OptionRow]:
    """The document's options and points, each followed by blank rows to add more."""
    rows = []
    for i, option in enumerate(doc.options):
        values = {
            "kind": option.kind,
            "title": option.title,
            "price": _amount(option.price),
            "free_from": _amount(option.free_from),
        }
        points = [
            PointRow(
                f"o{i}.p{j}",
                {
                    "title": p.title,
                    "address": p.address,
                    "lat": str(p.lat),
                    "lon": str(p.lon),
                    "hours": p.hours,
                },
            )
            for j, p in enumerate(option.points)
        ]
        rows.append(OptionRow(f"o{i}", values, points + _blank_points(i, len(points))))
    return rows + blank_options(len(rows))


def blank_options(start: int) -> list[OptionRow]:
    return [
        OptionRow(f"o{i}", {"kind": "courier"}, _blank_points(i, 0))
        for i in range(start, start + BLANK_OPTIONS)
    ]


def rows_from_form(form: Mapping[str, str]) -> list[OptionRow]:
    """The rows as posted, in their order on the page (unknown names are ignored)."""
    options: dict[int, OptionRow] = {}
    for key, value in form.items():
        match = _ROW.match(key)
        if match is None:
            continue
        i, j, name = int(match[1]), match[2], match[3]
        option = options.setdefault(i, OptionRow(f"o{i}", {}))
        if j is None:
            _put(option.values, name, value, (*OPTION_FIELDS, "remove"))
            continue
        point = next((p for p in option.points if p.name == f"o{i}.p{j}"), None)
        if point is None:
            point = PointRow(f"o{i}.p{j}", {})
            option.points.append(point)
        _put(point.values, name, value, (*POINT_FIELDS, "remove"))
    rows = [options[i] for i in sorted(options)]
    for row in rows:
        row.remove = row.values.pop("remove", "") != ""
        row.points.sort(key=lambda p: int(p.name.rsplit(".p", 1)[1]))
        for point in row.points:
            point.remove = point.values.pop("remove", "") != ""
    return rows


def _put(values: dict[str, str], name: str, value: str, known: tuple[str, ...]) -> None:
    if name in known:
        values[name] = value


def number(text: str) -> str | None:
    """What the merchant typed as a number: spaces out, a decimal comma read as a point."""
    compact = re.sub(r"[\s\u00a0]", "", text).replace(",", ".")
    return compact or None


@dataclass(frozen=True)
class Document:
    """The values to check as a DeliverySettings, and which row each option and point came from."""

    values: dict[str, Any]
    options: list[str]  # the row name of options[i]
    points: list[list[str]]  # the row name of options[i].points[j]


def document_of(rows: list[OptionRow]) -> Document:
    values: list[dict[str, Any]] = []
    names: list[str] = []
    point_names: list[list[str]] = []
    for row in rows:
        if row.remove or row.blank:
            continue
        kept = [p for p in row.points if not (p.remove or p.blank)]
        values.append(
            {
                "kind": row.values.get("kind", ""),
                "title": row.values.get("title", ""),
                "price": number(row.values.get("price", "")),
                "free_from": number(row.values.get("free_from", "")),
                "points": [
                    {
                        "title": p.values.get("title", ""),
                        "address": p.values.get("address", ""),
                        "lat": number(p.values.get("lat", "")),
                        "lon": number(p.values.get("lon", "")),
                        "hours": p.values.get("hours", ""),
                    }
                    for p in kept
                ],
            }
        )
        names.append(row.name)
        point_names.append([p.name for p in kept])
    return Document({"options": values}, names, point_names)


def field_name(path: str, doc: Document) -> str:
    """`options.1.points.0.lat` → `o3.p0.lat`: the form field a problem belongs to; the
    whole form ("") for a problem of the list itself."""
    parts = path.split(".")
    if parts[:1] != ["options"] or len(parts) < 2 or not parts[1].isdigit():
        return ""
    i = int(parts[1])
    option = doc.options[i]
    rest = parts[2:]
    if len(rest) >= 2 and rest[0] == "points" and rest[1].isdigit():
        point = doc.points[i][int(rest[1])]
        return ".".join([point, *rest[2:]]) if rest[2:] else point
    return ".".join([option, *rest]) if rest else option
