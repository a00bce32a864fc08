"""The go-live report: every check in order, read through the probes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

import httpx

from shop.doctor import checks
from shop.doctor.checks import Verdict
from shop.doctor.probes import Books, DatabaseBooks, HttpRemote, Remote, all_templates
from shop.doctor.reminder_codes import reminder_code_verdicts
from shop.doctor.templates import template_verdicts
from shop.sandbox_mode import credentials
from shop.settings import PRODUCTION_SECRETS, SECRET_MIN_LENGTH, Settings
from shop.storage.db import Database
from shop.texts import Locale, t
from shop.whatsapp.graph import GraphClient, TemplatesApi, graph_auth

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass(frozen=True)
class Probes:
    graph: Remote
    templates: TemplatesApi
    yookassa: Remote
    books: Books


@asynccontextmanager
async def live_probes(settings: Settings, db: Database) -> AsyncIterator[Probes]:
    """The real Graph API, YooKassa and database, with the credentials the service uses."""
    known = credentials(settings)
    graph_base = f"{settings.whatsapp_graph_url}/{settings.whatsapp_api_version}/"
    headers = graph_auth(settings)
    auth = (known.yookassa_shop_id, known.yookassa_secret_key)
    templates = GraphClient(settings)
    async with (
        httpx.AsyncClient(base_url=graph_base, headers=headers, timeout=TIMEOUT) as graph,
        httpx.AsyncClient(
            base_url=f"{settings.yookassa_api_url}/", auth=auth, timeout=TIMEOUT
        ) as yookassa,
    ):
        try:
            yield Probes(
                HttpRemote(graph), templates, HttpRemote(yookassa), DatabaseBooks(db, settings)
            )
        finally:
            await templates.aclose()


async def examine(
    settings: Settings, probes: Probes, *, now: datetime, locale: Locale
) -> list[Verdict]:
    sandbox, known = settings.sandbox, credentials(settings)
    found = [
        checks.base_url(settings.public_base_url, sandbox=sandbox, locale=locale),
        checks.secrets(
            {name.upper(): _secret(settings, name) for name in PRODUCTION_SECRETS},
            minimum=SECRET_MIN_LENGTH,
            sandbox=sandbox,
            locale=locale,
        ),
    ]
    phone = await probes.graph.get(known.phone_number_id)
    found.append(checks.graph_token(phone, locale=locale))
    found.append(checks.phone_number(phone, known.phone_number_id, locale=locale))
    waba = known.business_account_id
    apps = await probes.graph.get(f"{waba}/subscribed_apps") if waba else None
    found.append(checks.webhook_subscribed(apps, waba, locale=locale))
    latest = await probes.books.latest_webhook()
    found.append(
        checks.webhook_seen(
            latest,
            now,
            webhook_url=f"{settings.public_base_url}/webhooks/whatsapp",
            shown=latest.astimezone(settings.zone).strftime("%d.%m.%Y %H:%M") if latest else "",
            sandbox=sandbox,
            locale=locale,
        )
    )
    found += await _templates(probes, waba, locale)
    catalog_id = known.catalog_id
    catalog = await probes.graph.get(catalog_id) if catalog_id else None
    found.append(checks.catalog(catalog, catalog_id, locale=locale))
    me = await probes.yookassa.get("me")
    found += checks.yookassa(me, known.yookassa_shop_id, sandbox=sandbox, locale=locale)
    found.append(
        checks.trusted_networks(
            settings.yookassa_trusted_networks,
            Settings.model_fields["yookassa_trusted_networks"].default,
            proxies=settings.trusted_proxies,
            sandbox=sandbox,
            locale=locale,
        )
    )
    titles, configured = await probes.books.delivery()
    found.append(checks.delivery(titles, configured=configured, sandbox=sandbox, locale=locale))
    return found


async def _templates(probes: Probes, waba: str, locale: Locale) -> list[Verdict]:
    if not waba:
        return [Verdict(False, t("doctor.waba.none", locale), t("doctor.waba.fix", locale))]
    templates = await all_templates(probes.templates)
    if isinstance(templates, checks.Reply):
        line = t("doctor.templates.bad", locale, why=templates.why(locale))
        return [Verdict(False, line, t("doctor.templates.fix", locale))]
    steps = await probes.books.reminder_steps()
    found = template_verdicts(templates, steps, locale=locale)
    if any(step.promo_code for step in steps):
        codes = await probes.books.promo_codes()
        found += reminder_code_verdicts(steps, codes, locale=locale)
    return found


def _secret(settings: Settings, name: str) -> str | None:
    value = getattr(settings, name)
    return value.get_secret_value() if value is not None else None
