"""What Meta refuses when a template is created (`POST /{waba}/message_templates`), with the
error shape its management API answers: code 100 with a subcode and a user-facing title and
message. The checks are the ones a first submission meets most often."""

from __future__ import annotations

import re
from typing import Any

from sandbox.templates import CATEGORIES, PLACEHOLDER, TemplateRegistry

MAX_BUTTONS = 10
MAX_BUTTON_TEXT = 25
MAX_BODY = 1024
# Subcodes as Meta's management API gives them for these faults.
DUPLICATE = 2388024
BAD_PARAMETER = 2388043
BAD_CATEGORY = 2388042
VARIABLE_AT_EDGE = 2388299


class TemplateRefused(Exception):
    def __init__(self, subcode: int, title: str, message: str) -> None:
        super().__init__(f"{title}: {message}")
        self.subcode, self.title, self.message = subcode, title, message

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": "Invalid parameter",
                "type": "OAuthException",
                "code": 100,
                "error_subcode": self.subcode,
                "is_transient": False,
                "error_user_title": self.title,
                "error_user_msg": self.message,
                "fbtrace_id": "AsandboxTemplateReview",
            }
        }


def _component(components: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    return next((c for c in components if str(c.get("type", "")).upper() == kind), None)


def _body(components: list[dict[str, Any]]) -> None:
    body = _component(components, "BODY")
    text = str((body or {}).get("text") or "")
    if not text or len(text) > MAX_BODY:
        raise TemplateRefused(BAD_PARAMETER, "Body required", f"1–{MAX_BODY} characters")
    names = PLACEHOLDER.findall(text)
    if not names:
        return
    stripped = text.strip().rstrip(".!?")
    if re.match(r"^\{\{", text.strip()) or re.search(r"\}\}$", stripped):
        raise TemplateRefused(
            VARIABLE_AT_EDGE,
            "Variables can't be at the start or end of the template",
            "Add text before the first and after the last variable.",
        )
    samples = ((body or {}).get("example") or {}).get("body_text") or [[]]
    if len(samples[0]) != len(names):
        raise TemplateRefused(
            BAD_PARAMETER,
            "Missing sample values",
            f"The body has {len(names)} variable(s); give as many in example.body_text.",
        )


def _buttons(components: list[dict[str, Any]]) -> None:
    block = _component(components, "BUTTONS")
    buttons = (block or {}).get("buttons") or []
    if len(buttons) > MAX_BUTTONS:
        raise TemplateRefused(BAD_PARAMETER, "Too many buttons", f"At most {MAX_BUTTONS}.")
    for button in buttons:
        text = str(button.get("text") or "")
        if not 1 <= len(text) <= MAX_BUTTON_TEXT:
            raise TemplateRefused(
                BAD_PARAMETER, "Button text", f"1–{MAX_BUTTON_TEXT} characters: {text!r}"
            )
        url = str(button.get("url") or "")
        if PLACEHOLDER.search(url) and not button.get("example"):
            raise TemplateRefused(
                BAD_PARAMETER, "Missing sample values", "A URL with a variable needs an example."
            )


def review(body: dict[str, Any], registry: TemplateRegistry) -> None:
    """Raise TemplateRefused for what Meta would refuse; nothing for an acceptable one."""
    name, language = str(body.get("name") or ""), str(body.get("language") or "")
    if registry.get(name, language) is not None:
        raise TemplateRefused(
            DUPLICATE,
            "Content in This Language Already Exists",
            f"There is already {language} content for template {name}.",
        )
    category = str(body.get("category") or "").upper()
    if category not in CATEGORIES:
        raise TemplateRefused(
            BAD_CATEGORY, "Invalid category", f"category must be one of {sorted(CATEGORIES)}"
        )
    components = body.get("components")
    if not isinstance(components, list) or not all(isinstance(c, dict) for c in components):
        raise TemplateRefused(BAD_PARAMETER, "Invalid components", "a list of objects")
    _body(components)
    _buttons(components)
