"""Checks of a template send: its shape, then its parameters against the registered template."""

from __future__ import annotations

import re
from typing import Any

from sandbox import checks
from sandbox.errors import GraphError
from sandbox.templates import Template, TemplateRegistry, placeholders

PARAMETER_TYPES = {
    "text",
    "currency",
    "date_time",
    "image",
    "video",
    "document",
    "location",
    "payload",
    "coupon_code",
    "action",
}
BODY_LIMIT = 1024
# Meta refuses text parameters with newlines, tabs or more than four spaces in a row.
BAD_PARAMETER_TEXT = re.compile(r"[\n\t]| {5,}")


def check_template_shape(template: dict[str, Any]) -> None:
    checks.text(template, "name", "template", 512)
    language = checks.obj(checks.required(template, "language", "template"), "template.language")
    checks.text(language, "code", "template.language", 20)
    if "policy" in language:
        checks.one_of(language["policy"], {"deterministic"}, "template.language.policy")
    for n, raw in enumerate(_components(template)):
        where = f"template.components[{n}]"
        component = checks.obj(raw, where)
        kind = checks.one_of(
            str(component.get("type", "")).lower(), {"header", "body", "button"}, f"{where}.type"
        )
        if kind == "button":
            checks.text(component, "sub_type", where, 30)
            _button_index(component.get("index"), where)
        parameters = checks.items(component.get("parameters", []), f"{where}.parameters", 0, 100)
        for m, parameter in enumerate(parameters):
            _parameter(checks.obj(parameter, f"{where}.parameters[{m}]"), f"{where}[{m}]")


def _button_index(index: Any, where: str) -> None:
    if isinstance(index, bool) or index is None:
        raise GraphError(131008, f"The parameter {where}.index is required.")
    if not (isinstance(index, int) and index >= 0) and not (
        isinstance(index, str) and re.fullmatch(r"[0-9]{1,2}", index)
    ):
        raise GraphError(131009, f"{where}.index must be the button position as a string")


def _components(template: dict[str, Any]) -> list[Any]:
    components = template.get("components", [])
    if not isinstance(components, list):
        raise GraphError(100, "template.components must be an array")
    return components


def _parameter(parameter: dict[str, Any], where: str) -> None:
    kind = checks.one_of(parameter.get("type"), PARAMETER_TYPES, f"{where}.type")
    # Whatever the type, a text given is read as text (it fills a body's placeholders).
    value = checks.required(parameter, "text", where) if kind == "text" else parameter.get("text")
    if value is not None and not isinstance(value, str):
        raise GraphError(100, f"{where}.text must be a string")
    if kind in {"image", "video", "document"}:
        media = checks.obj(checks.required(parameter, kind, where), kind)
        if not media.get("id") and not media.get("link"):
            raise GraphError(131008, f"{where}.{kind} needs an id or a link")
    elif kind in {"currency", "date_time"}:
        checks.text(checks.obj(parameter.get(kind), kind), "fallback_value", where, 1024)
    elif kind != "text":
        checks.required(parameter, kind, where)


def resolve_template(registry: TemplateRegistry, data: dict[str, Any]) -> Template:
    """The registered, sendable template named by a send, with its parameters checked."""
    name, code = data["name"], data["language"]["code"]
    template = registry.get(name, code)
    if template is None:
        raise GraphError(132001, f"template name ({name}) does not exist in {code}")
    if template.status == "PAUSED":
        raise GraphError(132015, f"Template {name} is paused")
    if template.status == "DISABLED":
        raise GraphError(132016, f"Template {name} is disabled")
    if template.status != "APPROVED":
        raise GraphError(132001, f"template name ({name}) is not approved in {code}")
    sent = {_component_key(c): c for c in _components(data)}
    _check_header(template, sent.get(("header", None)))
    _check_text_block(template, "BODY", sent.get(("body", None)))
    _check_buttons(template, sent)
    return template


def _check_header(template: Template, sent: dict[str, Any] | None) -> None:
    """A media header takes exactly one parameter of its format; a text header its placeholders."""
    block = template.component("HEADER")
    media = str(block.get("format", "TEXT")).lower() if block else "text"
    if media == "text":
        _check_text_block(template, "HEADER", sent)
        return
    parameters = list(sent.get("parameters", [])) if sent else []
    if len(parameters) != 1:
        raise GraphError(132000, f"header: the {media} header takes exactly one parameter")
    if parameters[0].get("type") != media:
        raise GraphError(132012, f"header: the parameter must be of type {media}")


def _component_key(component: dict[str, Any]) -> tuple[str, int | None]:
    kind = str(component["type"]).lower()
    return (kind, int(component["index"]) if kind == "button" else None)


def _check_text_block(template: Template, kind: str, sent: dict[str, Any] | None) -> None:
    block = template.component(kind)
    expected = placeholders(str(block.get("text", ""))) if block else []
    parameters = list(sent.get("parameters", [])) if sent else []
    if len(parameters) != len(expected):
        raise GraphError(
            132000,
            f"{kind.lower()}: number of localizable_params ({len(parameters)}) does not match "
            f"the expected number of params ({len(expected)})",
        )
    texts = [p.get("text") or _fallback(p) for p in parameters]
    for value in texts:
        if not value:
            raise GraphError(131008, f"{kind.lower()} parameter text is required")
        if BAD_PARAMETER_TEXT.search(value):
            raise GraphError(
                100,
                "Param text cannot have new-line/tab characters or more than 4 consecutive spaces",
            )
    if template.parameter_format == "NAMED":
        names = [p.get("parameter_name") for p in parameters]
        if sorted(str(n) for n in names) != sorted(expected):
            raise GraphError(132000, f"{kind.lower()}: parameter names do not match the template")
    if kind == "BODY" and block:
        filled = _fill(str(block.get("text", "")), expected, texts)
        if len(filled) > BODY_LIMIT:
            raise GraphError(132005, "body text with parameters is longer than 1024 characters")


def _fallback(parameter: dict[str, Any]) -> str:
    for key in ("currency", "date_time"):
        if isinstance(parameter.get(key), dict):
            return str(parameter[key].get("fallback_value", ""))
    return "" if parameter.get("type") == "text" else "*"


def _fill(text: str, names: list[str], values: list[str]) -> str:
    for name, value in zip(names, values, strict=True):
        text = text.replace("{{" + name + "}}", value)
    return text


def _check_buttons(template: Template, sent: dict[tuple[str, int | None], dict[str, Any]]) -> None:
    buttons = template.buttons()
    for kind, index in sent:
        if kind == "button" and (index is None or index >= len(buttons)):
            raise GraphError(131009, f"button index {index} does not exist in the template")
    for index, button in enumerate(buttons):
        component: dict[str, Any] | None = sent.get(("button", index))
        kind = str(button.get("type", "")).upper()
        needs_suffix = kind == "URL" and bool(placeholders(str(button.get("url", ""))))
        parameters = list(component.get("parameters", [])) if component else []
        if needs_suffix and len(parameters) != 1:
            raise GraphError(132000, f"button {index}: the URL needs exactly one parameter")
        if component is None:
            continue
        expected_sub = {"URL": "url", "QUICK_REPLY": "quick_reply"}.get(kind, kind.lower())
        if str(component.get("sub_type", "")).lower() != expected_sub:
            raise GraphError(131009, f"button {index} has sub_type {expected_sub}")
        if not needs_suffix and kind == "URL" and parameters:
            raise GraphError(132000, f"button {index}: the URL takes no parameter")
