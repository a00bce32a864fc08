"""The message templates Vitrina sends, checked against the account's list (pure)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from shop.doctor.checks import Verdict
from shop.reminders.config import NudgeStep
from shop.reminders.policy import template_problem
from shop.reminders.scheduler import template_view
from shop.texts import Locale, t
from shop.whatsapp.tables import WaTemplate
from shop.whatsapp.template_book import CSAT, ORDER_LINK, ORDER_UPDATE, TemplateSpec
from shop.whatsapp.templates import APPROVED, placeholders

# The language every template is sent in (shop/orders/news.py, shop/reminders/scheduler.py).
LANGUAGE = "ru"
# The book's templates sent on an order's or a chat's events; the reminders' are checked by
# the reminder steps that name them.
SENT_BY_EVENTS: tuple[TemplateSpec, ...] = (ORDER_LINK, ORDER_UPDATE, CSAT)

Item = Mapping[str, Any]  # a template as GET /{waba}/message_templates lists it
Problem = Callable[[Item, Locale], str | None]  # what is wrong with an approved one, in words


def _row(item: Item) -> WaTemplate:
    """A Graph template item as the templates sync would store it."""
    return WaTemplate(
        name=str(item.get("name")),
        language=str(item.get("language")),
        category=str(item.get("category") or "").upper(),
        status=str(item.get("status") or "").upper(),
        components=json.dumps(item.get("components") or []),
        updated_at=datetime.now(UTC),
    )


def _buttons(item: Item) -> list[dict[str, Any]]:
    components: list[dict[str, Any]] = item.get("components") or []
    block = next((c for c in components if str(c.get("type")).upper() == "BUTTONS"), {})
    return list(block.get("buttons") or [])


def _url_buttons_fit(spec: TemplateSpec, buttons: list[dict[str, Any]]) -> bool:
    """Each URL button of the book is there, at its place, ending in its path (…/o/{{1}})."""
    for index, wanted in enumerate(spec.buttons):
        if wanted.url_path is None:
            continue
        found = buttons[index] if index < len(buttons) else {}
        if str(found.get("type")).upper() != "URL":
            return False
        if not str(found.get("url", "")).endswith(wanted.url_path):
            return False
    return True


def _book_problem(spec: TemplateSpec) -> Problem:
    """The book's template (shop/whatsapp/template_book.py): its category, as many body
    parameters, its URL buttons where the senders fill them, and its quick replies."""

    def problem(item: Item, locale: Locale) -> str | None:
        components: list[dict[str, Any]] = item.get("components") or []
        buttons = _buttons(item)
        quick = sum(1 for b in buttons if str(b.get("type")).upper() == "QUICK_REPLY")
        wanted_quick = sum(1 for b in spec.buttons if b.kind == "QUICK_REPLY")
        if str(item.get("category") or "").upper() != spec.category:
            return t("book.problem.category", locale, category=spec.category)
        if len(placeholders(components, "BODY")) != len(spec.parameters):
            return t("book.problem.parameters", locale, count=len(spec.parameters))
        if not _url_buttons_fit(spec, buttons):
            return t("doctor.order_link.button", locale)
        if quick < wanted_quick:
            return t("book.problem.quick_replies", locale, count=wanted_quick)
        return None

    return problem


def _reminder_problem(step: NudgeStep) -> Problem:
    """The reminders' own rule (MARKETING, its parameters, two quick replies)."""

    def problem(item: Item, locale: Locale) -> str | None:
        reason = template_problem(step, {step.template: template_view(_row(item))})
        return None if reason is None else t(f"reminders.reason.{reason}", locale)

    return problem


def template_verdicts(
    items: Iterable[Item], steps: Sequence[NudgeStep], *, locale: Locale
) -> list[Verdict]:
    """One line per template Vitrina sends: the book's order and desk templates, and each
    reminder step's (a template two steps share is checked once, with a promo code if either
    has one)."""
    found = {(str(i.get("name")), str(i.get("language"))): i for i in items}
    verdicts = [_one(found, s.name, _book_problem(s), locale) for s in SENT_BY_EVENTS]
    by_name: dict[str, NudgeStep] = {}
    for step in steps:
        if step.template not in by_name or step.promo_code:
            by_name[step.template] = step
    for name, step in by_name.items():
        verdicts.append(_one(found, name, _reminder_problem(step), locale))
    return verdicts


def _one(
    found: Mapping[tuple[str, str], Item], name: str, problem: Problem, locale: Locale
) -> Verdict:
    names = {"name": name, "language": LANGUAGE}
    fix = t("doctor.template.fix", locale)
    item = found.get((name, LANGUAGE))
    if item is None:
        return Verdict(False, t("doctor.template.missing", locale, **names), fix)
    status = str(item.get("status") or "").upper()
    if status != APPROVED:
        return Verdict(False, t("doctor.template.status", locale, status=status, **names), fix)
    wrong = problem(item, locale)
    if wrong is not None:
        return Verdict(False, t("doctor.template.problem", locale, problem=wrong, **names), fix)
    return Verdict(True, t("doctor.template.ok", locale, **names))
