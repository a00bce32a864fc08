"""`POST /api/catalog/imports` as CONTRACT.md says, products with sync state, admin upload."""

from __future__ import annotations

import asyncio
import re

import aiohttp
from aiohttp.test_utils import TestClient

from tests.catalog.conftest import PAYLOADS
from tests.web.conftest import bearer


def _form(name: str, data: bytes) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("file", data, filename=name, content_type="text/csv")
    return form


async def test_multipart_upload_answers_the_contract_shape(client: TestClient) -> None:
    data = (PAYLOADS / "spreadsheet_errors_cp1251.csv").read_bytes()
    response = await client.post(
        "/api/catalog/imports", data=_form("errors.csv", data), headers=bearer()
    )
    assert response.status == 200
    body = await response.json()
    assert (body["rows"], body["imported"], body["rejected"]) == (9, 0, 7)
    first = body["errors"][0]
    assert set(first) >= {"row", "column", "message"}
    assert (first["row"], first["column"]) == (3, "Цена")
    assert body["applied"] is False


async def test_raw_body_upload_imports(client: TestClient) -> None:
    data = (PAYLOADS / "meta_feed.csv").read_bytes()
    response = await client.post(
        "/api/catalog/imports", data=data, headers={**bearer(), "Content-Type": "text/csv"}
    )
    body = await response.json()
    assert (body["rows"], body["imported"], body["rejected"], body["errors"]) == (4, 4, 0, [])
    products = await (await client.get("/api/catalog/products", headers=bearer())).json()
    assert products["counts"]["total"] == 4
    assert {p["sync_state"] for p in products["products"]} == {"pending"}
    record = await client.get(f"/api/catalog/imports/{body['import_id']}", headers=bearer())
    assert (await record.json())["actor"] == "api"


async def test_dry_run_over_the_api_changes_nothing(client: TestClient) -> None:
    data = (PAYLOADS / "shopify_export.csv").read_bytes()
    response = await client.post(
        "/api/catalog/imports?dry_run=true", data=_form("s.csv", data), headers=bearer()
    )
    assert (await response.json())["imported"] == 5
    products = await (await client.get("/api/catalog/products", headers=bearer())).json()
    assert products["counts"]["total"] == 0


async def test_an_unreadable_upload_is_400_with_one_message(client: TestClient) -> None:
    response = await client.post(
        "/api/catalog/imports", data=_form("x.csv", b"\x00\x01binary"), headers=bearer()
    )
    assert response.status == 400
    body = await response.json()
    assert (body["rows"], body["imported"], body["rejected"]) == (0, 0, 0)
    assert len(body["errors"]) == 1


async def test_the_import_api_needs_the_bearer(client: TestClient) -> None:
    response = await client.post("/api/catalog/imports", data=b"id,title,price\nA,a,1\n")
    assert response.status == 401


async def test_admin_upload_runs_in_the_background_and_shows_the_report(
    open_client: TestClient,
) -> None:
    page = await (await open_client.get("/admin/catalog")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf
    form = aiohttp.FormData()
    form.add_field("csrf", csrf.group(1))
    form.add_field("mode", "full")
    data = (PAYLOADS / "spreadsheet_errors_cp1251.csv").read_bytes()
    form.add_field("file", data, filename="errors.csv", content_type="text/csv")
    response = await open_client.post("/admin/catalog/imports", data=form, allow_redirects=False)
    assert response.status == 303
    location = response.headers["Location"]
    for _ in range(100):
        html = await (await open_client.get(location)).text()
        if 'id="report"' in html:
            break
        await asyncio.sleep(0.05)
    assert "Не удалось прочитать цену «сто рублей»" in html
    assert "Ничего не изменено" in html
    assert html.index('id="report"') < html.index("Остальные строки")


async def test_admin_upload_without_csrf_is_refused(open_client: TestClient) -> None:
    await open_client.get("/admin/catalog")
    response = await open_client.post(
        "/admin/catalog/imports", data=_form("a.csv", b"id,title,price\nA,a,1\n")
    )
    assert response.status == 403


async def test_an_unknown_import_is_404(client: TestClient) -> None:
    assert (await client.get("/api/catalog/imports/999", headers=bearer())).status == 404
    assert (await client.get("/api/catalog/imports/abc", headers=bearer())).status == 404


async def test_a_running_import_page_shows_progress_and_refreshes_itself(
    open_client: TestClient,
) -> None:
    from catalog.importing import ImportRequest
    from shop.catalog_app.progress import ProgressRecorder
    from shop.storage.db import Database
    from shop.web.keys import SERVICES

    services = open_client.app[SERVICES]
    import_id = await services.catalog.start_import(
        ImportRequest(file_name="big.csv", actor="admin")
    )
    # The import runs elsewhere (another process, its own engine): the page reads its row.
    elsewhere = Database(services.settings.database_url)
    recorder = ProgressRecorder(elsewhere, import_id, 1000, interval=0)
    await recorder.start()
    recorder(420, 250)
    await recorder.close()
    await elsewhere.dispose()
    html = await (await open_client.get(f"/admin/catalog/imports/{import_id}")).text()
    assert '<meta http-equiv="refresh" content="1">' in html
    assert '<progress max="100" value="25">' in html
    assert "<b>420</b>" in html


async def test_products_can_be_filtered_by_sync_state(client: TestClient) -> None:
    data = b"id,title,price,image_link\nA,a,1,https://i.example/a\nB,b,2,https://i.example/b\n"
    await client.post("/api/catalog/imports", data=data, headers=bearer())
    pending = await client.get("/api/catalog/products?state=pending", headers=bearer())
    assert len((await pending.json())["products"]) == 2
    synced = await client.get("/api/catalog/products?state=synced", headers=bearer())
    assert (await synced.json())["products"] == []
    wrong = await client.get("/api/catalog/products?state=lost", headers=bearer())
    assert wrong.status == 400
