"""`shop templates submit`: the template book sent for review, one line per template and
language. Exit 0: each is submitted or already in the account; 1: Meta refused at least one
(its reason is on the line); 2: the account could not be read or written at all."""

from __future__ import annotations

import argparse
import asyncio
import sys

import httpx

from shop.settings import Settings
from shop.texts import Locale, t
from shop.whatsapp.graph import GraphError
from shop.whatsapp.template_submit import Outcome, Submitted, submit_book

EXIT_OK, EXIT_REFUSED, EXIT_UNREACHABLE = 0, 1, 2


def line(result: Submitted, locale: Locale) -> str:
    key = f"book.submit.{result.outcome.value}"
    return t(
        key,
        locale,
        name=result.name,
        language=result.language,
        status=result.status,
        reason=result.reason,
    )


async def _run(settings: Settings) -> list[Submitted]:
    from shop.compose import open_services

    async with open_services(settings, run_worker=False) as services:
        return await submit_book(
            services.db,
            services.whatsapp.graph,
            base_url=settings.public_base_url,
            now=services.clock.now(),
        )


def submit_command(args: argparse.Namespace, settings: Settings) -> int:
    locale: Locale = "en" if getattr(args, "lang", "ru") == "en" else "ru"
    try:
        results = asyncio.run(_run(settings))
    except (GraphError, httpx.HTTPError) as exc:
        print(t("book.submit.unreachable", locale, why=str(exc)), file=sys.stderr)
        return EXIT_UNREACHABLE
    for result in results:
        print(line(result, locale))
    refused = any(r.outcome is Outcome.REJECTED for r in results)
    return EXIT_REFUSED if refused else EXIT_OK
