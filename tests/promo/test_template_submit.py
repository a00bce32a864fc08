"""The template book submitted to the sandbox over real HTTP: what the account lacks goes in
PENDING, the sandbox's reviewer approves or rejects it through its control API and its status
webhook reaches the app; a body Meta refuses is reported with Meta's reason."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from shop.clock import utcnow
from shop.storage.sql import run
from shop.whatsapp.template_book import BOOK, LANGUAGES
from shop.whatsapp.template_submit import Outcome, submit_book
from shop.whatsapp.templates import T
from tests.whatsapp.rig import Rig, start_rig

BASE = "https://shop.example.ru"


@pytest.fixture
async def rig(aiohttp_client: Any, database_url: str, unused_tcp_port: int) -> Rig:
    return await start_rig(aiohttp_client, database_url, unused_tcp_port)


async def statuses(rig: Rig) -> dict[tuple[str, str], str]:
    async with rig.services.db.transaction() as session:
        rows = (await run(session, select(T.c.name, T.c.language, T.c.status))).all()
    return {(name, language): status for name, language, status in rows}


async def submit(rig: Rig, api: Any = None) -> list[Any]:
    graph = api or rig.services.whatsapp.graph
    return await submit_book(rig.services.db, graph, base_url=BASE, now=utcnow())


async def test_what_the_account_lacks_is_submitted_and_the_review_reaches_the_app(
    rig: Rig,
) -> None:
    results = await submit(rig)
    assert len(results) == len(BOOK) * len(LANGUAGES)
    by_key = {(r.name, r.language): r for r in results}
    # The sandbox's account has the Russian ones approved already; English ones go in.
    assert by_key[("order_update", "ru")].outcome is Outcome.EXISTS
    assert by_key[("order_update", "ru")].status == "APPROVED"
    assert {r.outcome for r in results if r.language == "en"} == {Outcome.SUBMITTED}
    assert {r.status for r in results if r.language == "en"} == {"PENDING"}
    sent = await rig.control("GET", "templates")
    csat_en = next(t for t in sent if (t["name"], t["language"]) == ("csat", "en"))
    assert [b["text"] for b in csat_en["components"][-1]["buttons"]] == ["1", "2", "3", "4", "5"]
    update_en = next(t for t in sent if (t["name"], t["language"]) == ("order_update", "en"))
    assert update_en["components"][-1]["buttons"][0]["url"] == f"{BASE}/o/{{{{1}}}}"

    await rig.control("POST", "templates/csat/en/status", {"status": "APPROVED"})
    await rig.control(
        "POST",
        "templates/order_update/en/status",
        {"status": "REJECTED", "reason": "INVALID_FORMAT"},
    )
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    known = await statuses(rig)
    assert known[("csat", "en")] == "APPROVED"
    assert known[("order_update", "en")] == "REJECTED"

    again = {(r.name, r.language): r for r in await submit(rig)}
    assert {r.outcome for r in again.values()} == {Outcome.EXISTS}  # nothing twice
    assert again[("order_update", "en")].status == "REJECTED"


class Broken:
    """The real client, with the English survey's example values dropped: Meta refuses that."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    async def template_pages(self, after: str | None) -> Any:
        return await self.graph.template_pages(after)

    async def create_template(self, body: dict[str, Any]) -> dict[str, Any]:
        if (body["name"], body["language"]) == ("order_link", "en"):
            del body["components"][0]["example"]
        result: dict[str, Any] = await self.graph.create_template(body)
        return result


async def test_a_template_meta_refuses_is_reported_with_its_reason(rig: Rig) -> None:
    results = {
        (r.name, r.language): r for r in await submit(rig, Broken(rig.services.whatsapp.graph))
    }
    refused = results[("order_link", "en")]
    assert refused.outcome is Outcome.REJECTED
    assert refused.reason == "Missing sample values"
    assert results[("order_update", "en")].outcome is Outcome.SUBMITTED
    assert ("order_link", "en") not in await statuses(rig)
