"""The delivery page's form, without scripts: the saved options, their pickup points and
courier zones, plus blank rows.

Fields are named by their row: `o2.title`, `o2.p1.lat`, `o0.z1.price`. Blank and removed
rows are left out of the document, so a refused field's path in the document
(`options.1.points.0.lat`) is mapped back to the name of the field the merchant typed it in.
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
BLANK_ZONES = 2
OPTION_FIELDS = ("kind", "title", "price", "free_from")
POINT_FIELDS = ("title", "address", "lat", "lon", "hours")
ZONE_FIELDS = ("title", "price", "free_from")
SUB_FIELDS = {"p": POINT_FIELDS, "z": ZONE_FIELDS}
_ROW = re.compile(r"^o(\d{1,2})\.(?:([pz])(\d{1,2})\.)?(\w+)$")


@dataclass
class PointRow:
    """A pickup point's row ("o0.p1") or a courier zone's ("o0.z1")."""

    name: str
    values: dict[str, str]
    remove: bool = False

    @property
    def blank(self) -> bool:
        fields = SUB_FIELDS[self.name.rsplit(".", 1)[1][0]]
        return not any(self.values.get(f, "").strip() for f in fields)


@dataclass
class OptionRow:
    name: str  # "o0"
    values: dict[str, str]
    points: list[PointRow] = field(default_factory=list)
    zones: list[PointRow] = field(default_factory=list)
    remove: bool = False

    @property
    def blank(self) -> bool:
        typed = any(self.values.get(f, "").strip() for f in ("title", "price", "free_from"))
        return not typed and all(p.blank for p in [*self.points, *self.zones])


def _amount(value: Decimal | None) -> str:
    """`350.00` as the merchant types it: `350,00`."""
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _blank_points(option: int, start: int) -> list[PointRow]:
    return [PointRow(f"o{option}.p{j}", {}) for j in range(start, start + BLANK_POINTS)]


def _blank_zones(option: int, start: int) -> list[PointRow]:
    return [PointRow(f"o{option}.z{j}", {}) for j in range(start, start + BLANK_ZONES)]


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
        zones = [
            PointRow(
                f"o{i}.z{j}",
                {"title": z.title, "price": _amount(z.price), "free_from": _amount(z.free_from)},
            )
            for j, z in enumerate(option.zones)
        ]
        rows.append(
            OptionRow(
                f"o{i}",
                values,
                points + _blank_points(i, len(points)),
                zones + _blank_zones(i, len(zones)),
            )
        )
    return rows + blank_options(len(rows))


def blank_options(start: int) -> list[OptionRow]:
    return [
        OptionRow(f"o{i}", {"kind": "courier"}, _blank_points(i, 0), _blank_zones(i, 0))
        for i in range(start, start + BLANK_OPTIONS)
    ]


def rows_from_form(form: Mapping[str, str]) -> list[OptionRow]:
    """The rows as posted, in their order on the page (unknown names are ignored)."""
    options: dict[int, OptionRow] = {}
    for key, value in form.items():
        match = _ROW.match(key)
        if match is None:
            continue
        i, sub, j, name = int(match[1]), match[2], match[3], match[4]
        option = options.setdefault(i, OptionRow(f"o{i}", {}))
        if sub is None:
            _put(option.values, name, value, (*OPTION_FIELDS, "remove"))
            continue
        rows_of_kind = option.points if sub == "p" else option.zones
        row_name = f"o{i}.{sub}{j}"
        point = next((p for p in rows_of_kind if p.name == row_name), None)
        if point is None:
            point = PointRow(row_name, {})
            rows_of_kind.append(point)
        _put(point.values, name, value, (*SUB_FIELDS[sub], "remove"))
    rows = [options[i] for i in sorted(options)]
    for row in rows:
        row.remove = row.values.pop("remove", "") != ""
        for subs in (row.points, row.zones):
            subs.sort(key=lambda p: int(p.name.rsplit(".", 1)[1][1:]))
            for point in subs:
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
    """The values to check as a DeliverySettings, and which row each option, point and zone
    came from."""

    values: dict[str, Any]
    options: list[str]  # the row name of options[i]
    points: list[list[str]]  # the row name of options[i].points[j]
    zones: list[list[str]] = field(default_factory=list)  # … of options[i].zones[j]


def _point(p: PointRow) -> dict[str, Any]:
    return {
        "title": p.values.get("title", ""),
        "address": p.values.get("address", ""),
        "lat": number(p.values.get("lat", "")),
        "lon": number(p.values.get("lon", "")),
        "hours": p.values.get("hours", ""),
    }


def _zone(z: PointRow) -> dict[str, Any]:
    return {
        "title": z.values.get("title", ""),
        "price": number(z.values.get("price", "")),
        "free_from": number(z.values.get("free_from", "")),
    }


def _kept(rows: list[PointRow]) -> list[PointRow]:
    return [p for p in rows if not (p.remove or p.blank)]


def document_of(rows: list[OptionRow]) -> Document:
    doc = Document({"options": []}, [], [], [])
    for row in rows:
        if row.remove or row.blank:
            continue
        points, zones = _kept(row.points), _kept(row.zones)
        doc.values["options"].append(
            {
                "kind": row.values.get("kind", ""),
                "title": row.values.get("title", ""),
                "price": number(row.values.get("price", "")),
                "free_from": number(row.values.get("free_from", "")),
                "points": [_point(p) for p in points],
                "zones": [_zone(z) for z in zones],
            }
        )
        doc.options.append(row.name)
        doc.points.append([p.name for p in points])
        doc.zones.append([z.name for z in zones])
    return doc


def field_name(path: str, doc: Document) -> str:
    """`options.1.points.0.lat` → `o3.p0.lat` (`…zones.0.price` → `o3.z0.price`): the form
    field a problem belongs to; the whole form ("") for a problem of the list itself."""
    parts = path.split(".")
    if parts[:1] != ["options"] or len(parts) < 2 or not parts[1].isdigit():
        return ""
    i = int(parts[1])
    option = doc.options[i]
    rest = parts[2:]
    subs = {"points": doc.points, "zones": doc.zones}
    if len(rest) >= 2 and rest[0] in subs and rest[1].isdigit():
        sub = subs[rest[0]][i][int(rest[1])]
        return ".".join([sub, *rest[2:]]) if rest[2:] else sub
    return ".".join([option, *rest]) if rest else option
