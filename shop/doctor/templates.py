"""The message templates Vitrina sends, checked against the account's list (pure)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from shop.doctor.checks import Verdict
from shop.orders.news import ORDER_LINK_TEMPLATE
from shop.reminders.config import NudgeStep
from shop.reminders.policy import template_problem
from shop.reminders.scheduler import template_view
from shop.texts import Locale, t
from shop.whatsapp.tables import WaTemplate
from shop.whatsapp.templates import APPROVED, placeholders

# The language every template is sent in (shop/orders/news.py, shop/reminders/scheduler.py).
LANGUAGE = "ru"
ORDER_LINK_PATH = "/o/{{1}}"

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


def _order_link_problem(item: Item, locale: Locale) -> str | None:
    """The order link: UTILITY, the order number as its one body parameter, and a URL button
    that ends in /o/{{1}} (the button's parameter is the order page's token)."""
    components: list[dict[str, Any]] = item.get("components") or []
    if str(item.get("category") or "").upper() != "UTILITY":
        return t("doctor.order_link.category", locale)
    if len(placeholders(components, "BODY")) != 1:
        return t("doctor.order_link.parameters", locale)
    buttons = next((c for c in components if str(c.get("type")).upper() == "BUTTONS"), {})
    first = (buttons.get("buttons") or [{}])[0]
    if str(first.get("type")).upper() != "URL" or not str(first.get("url", "")).endswith(
        ORDER_LINK_PATH
    ):
        return t("doctor.order_link.button", locale)
    return None


def _reminder_problem(step: NudgeStep) -> Problem:
    """The reminders' own rule (MARKETING, its parameters, two quick replies)."""

    def problem(item: Item, locale: Locale) -> str | None:
        reason = template_problem(step, {step.template: template_view(_row(item))})
        return None if reason is None else t(f"reminders.reason.{reason}", locale)

    return problem


def template_verdicts(
    items: Iterable[Item], steps: Sequence[NudgeStep], *, locale: Locale
) -> list[Verdict]:
    """One line per template Vitrina sends: the order link and each reminder step's (a
    template two steps share is checked once, with a promo code if either has one)."""
    found = {(str(i.get("name")), str(i.get("language"))): i for i in items}
    verdicts = [_one(found, ORDER_LINK_TEMPLATE, _order_link_problem, locale)]
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
