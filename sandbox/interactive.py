"""Meta's shapes and limits for interactive messages (buttons, lists, products, catalog)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox import checks
from sandbox.errors import GraphError

BODY_LIMIT = 1024
FOOTER_LIMIT = 60
HEADER_LIMIT = 60


def validate_interactive(interactive: Any) -> str:
    """Check an `interactive` object; returns its type."""
    data = checks.obj(interactive, "interactive")
    kind = checks.one_of(data.get("type"), set(_VALIDATORS), "interactive.type")
    _common(data, kind)
    _VALIDATORS[kind](data)
    return kind


def _common(data: dict[str, Any], kind: str) -> None:
    if kind != "product" or "body" in data:
        body = checks.obj(checks.required(data, "body", "interactive"), "interactive.body")
        checks.text(body, "text", "interactive.body", BODY_LIMIT)
    if "footer" in data:
        footer = checks.obj(data["footer"], "interactive.footer")
        checks.text(footer, "text", "interactive.footer", FOOTER_LIMIT)
    if "header" in data:
        _header(checks.obj(data["header"], "interactive.header"), kind)
    elif kind == "product_list":
        checks.required(data, "header", "interactive")


def _header(header: dict[str, Any], kind: str) -> None:
    allowed = {"text", "image", "video", "document"} if kind == "button" else {"text"}
    htype = checks.one_of(header.get("type"), allowed, "interactive.header.type")
    if htype == "text":
        checks.text(header, "text", "interactive.header", HEADER_LIMIT)
        return
    media = checks.obj(checks.required(header, htype, "interactive.header"), htype)
    if not media.get("id") and not media.get("link"):
        raise GraphError(131008, f"interactive.header.{htype} needs an id or a link")


def _action(data: dict[str, Any]) -> dict[str, Any]:
    return checks.obj(checks.required(data, "action", "interactive"), "interactive.action")


def _buttons(data: dict[str, Any]) -> None:
    buttons = checks.items(_action(data).get("buttons"), "interactive.action.buttons", 1, 3)
    ids, titles = [], []
    for n, raw in enumerate(buttons):
        where = f"interactive.action.buttons[{n}]"
        button = checks.obj(raw, where)
        checks.one_of(button.get("type"), {"reply"}, f"{where}.type")
        reply = checks.obj(checks.required(button, "reply", where), f"{where}.reply")
        ids.append(str(checks.text(reply, "id", f"{where}.reply", 256)))
        titles.append(str(checks.text(reply, "title", f"{where}.reply", 20)))
    checks.unique(ids, "interactive.action.buttons ids")
    checks.unique(titles, "interactive.action.buttons titles")


def _list(data: dict[str, Any]) -> None:
    action = _action(data)
    checks.text(action, "button", "interactive.action", 20)
    sections = checks.items(action.get("sections"), "interactive.action.sections", 1, 10)
    ids: list[str] = []
    for n, raw in enumerate(sections):
        where = f"interactive.action.sections[{n}]"
        section = checks.obj(raw, where)
        checks.text(section, "title", where, 24, optional=len(sections) == 1)
        for m, row_raw in enumerate(checks.items(section.get("rows"), f"{where}.rows", 1, 10)):
            row = checks.obj(row_raw, f"{where}.rows[{m}]")
            ids.append(str(checks.text(row, "id", f"{where}.rows[{m}]", 200)))
            checks.text(row, "title", f"{where}.rows[{m}]", 24)
            checks.text(row, "description", f"{where}.rows[{m}]", 72, optional=True)
    if len(ids) > 10:
        raise GraphError(131009, "a list message has at most 10 rows in all sections")
    checks.unique(ids, "interactive.action.sections rows ids")


def _product(data: dict[str, Any]) -> None:
    action = _action(data)
    checks.text(action, "catalog_id", "interactive.action", 100)
    checks.text(action, "product_retailer_id", "interactive.action", 100)


def _product_list(data: dict[str, Any]) -> None:
    action = _action(data)
    checks.text(action, "catalog_id", "interactive.action", 100)
    sections = checks.items(action.get("sections"), "interactive.action.sections", 1, 10)
    total = 0
    for n, raw in enumerate(sections):
        where = f"interactive.action.sections[{n}]"
        section = checks.obj(raw, where)
        checks.text(section, "title", where, 24, optional=len(sections) == 1)
        products = checks.items(section.get("product_items"), f"{where}.product_items", 1, 30)
        for m, item in enumerate(products):
            item_where = f"{where}.product_items[{m}]"
            checks.text(checks.obj(item, item_where), "product_retailer_id", item_where, 100)
        total += len(products)
    if total > 30:
        raise GraphError(131009, "a product list message has at most 30 products")


def _catalog(data: dict[str, Any]) -> None:
    action = _action(data)
    checks.one_of(action.get("name"), {"catalog_message"}, "interactive.action.name")
    if "parameters" in action:
        parameters = checks.obj(action["parameters"], "interactive.action.parameters")
        checks.text(
            parameters,
            "thumbnail_product_retailer_id",
            "interactive.action.parameters",
            100,
            optional=True,
        )


def _cta_url(data: dict[str, Any]) -> None:
    action = _action(data)
    checks.one_of(action.get("name"), {"cta_url"}, "interactive.action.name")
    parameters = checks.obj(
        checks.required(action, "parameters", "interactive.action"), "parameters"
    )
    checks.text(parameters, "display_text", "interactive.action.parameters", 20)
    checks.text(parameters, "url", "interactive.action.parameters", 2000)


_VALIDATORS: dict[str, Callable[[dict[str, Any]], None]] = {
    "button": _buttons,
    "list": _list,
    "product": _product,
    "product_list": _product_list,
    "catalog_message": _catalog,
    "cta_url": _cta_url,
}
