"""A reseller of the Cloud API (360dialog) wants the bare key in its own header: with
WHATSAPP_AUTH_HEADER set, every Graph call (messages, templates, the catalog, the doctor's
probes) carries it there, against a fake that accepts only that header, as the reseller does."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from catalog.graph import GraphCatalogApi, GraphError, auth_headers, graph_client
from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from shop.doctor.run import live_probes
from shop.sandbox_mode import credentials
from shop.settings import Settings
from shop.storage.db import Database
from shop.whatsapp.graph import GraphClient
from tests.whatsapp.rig import PHONE_ID, SECRET, WABA_ID, settings_for

HEADER = "D360-API-KEY"
TEXT = {
    "messaging_product": "whatsapp",
    "to": "79990002233",
    "type": "text",
    "text": {"body": "Hi"},
}


def test_the_header_is_metas_bearer_or_the_resellers_bare_key() -> None:
    assert auth_headers("k") == {"Authorization": "Bearer k"}
    assert auth_headers("k", "authorization") == {"Authorization": "Bearer k"}
    assert auth_headers("k", HEADER) == {HEADER: "k"}


def test_a_header_name_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="whatsapp_auth_header"):
        Settings(whatsapp_auth_header="D360 API KEY")


@pytest.fixture
async def reseller(aiohttp_server: Any) -> TestServer:
    config = SandboxConfig(
        app_secret=SECRET,
        webhook_url="http://127.0.0.1:9/webhooks/whatsapp",
        phone_number_id=PHONE_ID,
        business_account_id=WABA_ID,
        catalog_id="300000000000001",
        graph_auth_header=HEADER,
    )
    server: TestServer = await aiohttp_server(create_sandbox_app(config))
    return server


def _settings(reseller: TestServer, database_url: str, header: str) -> Settings:
    graph = str(reseller.make_url("/graph")).rstrip("/")
    return settings_for(database_url, graph, whatsapp_auth_header=header)


async def test_messages_and_templates_carry_the_resellers_header(
    reseller: TestServer, database_url: str
) -> None:
    right = GraphClient(_settings(reseller, database_url, HEADER))
    wrong = GraphClient(_settings(reseller, database_url, "Authorization"))
    try:
        sent = await right.send(TEXT)
        assert sent.ok, sent
        assert sent.wamid is not None
        await right.template_pages(None)  # no GraphError: the key was taken
        refused = await wrong.send(TEXT)
        assert (refused.http_status, refused.error_code) == (401, 190)
        with pytest.raises(GraphError) as caught:
            await wrong.template_pages(None)
        assert caught.value.code == 190
    finally:
        await right.aclose()
        await wrong.aclose()


async def test_the_catalog_and_the_doctors_probes_carry_it_too(
    reseller: TestServer, database_url: str, db: Database
) -> None:
    settings = _settings(reseller, database_url, HEADER)
    token = credentials(settings).access_token
    item = {"method": "DELETE", "data": {"id": "sku-1"}}
    async with graph_client(str(reseller.make_url("/graph")), token, header=HEADER) as client:
        api = GraphCatalogApi(client, catalog_id="300000000000001", version="v23.0")
        assert await api.items_batch([item])  # a batch handle: the key was taken
    async with graph_client(str(reseller.make_url("/graph")), token) as client:
        api = GraphCatalogApi(client, catalog_id="300000000000001", version="v23.0")
        with pytest.raises(GraphError) as caught:
            await api.items_batch([item])
        assert caught.value.auth
    async with live_probes(settings, db) as probes:
        phone = await probes.graph.get(PHONE_ID)
    assert phone.status == 200, phone
