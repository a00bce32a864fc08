"""Malformed queries, paths and bodies get a 400 naming the field, never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from aiohttp.test_utils import TestClient

from shop.web.validation import BadInput, coerce, period
from tests.web.conftest import bearer


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/orders?limit=abc", "limit"),
        ("/api/orders?limit=0", "limit"),
        ("/api/orders?limit=501", "limit"),
        ("/api/orders?offset=-1", "offset"),
        ("/api/orders?offset=-3.013107834126319e-19", "offset"),
        ("/api/orders?limit=10&limit=20", "limit"),
        ("/api/orders?status=shipped_to_mars", "status"),
        ("/api/catalog/products?offset=null&offset=null", "offset"),
        ("/api/catalog/products?limit=99999999999999999999", "limit"),
        ("/api/catalog/products?state=lost", "state"),
        ("/api/catalog/imports?dry_run=maybe", "dry_run"),
        ("/api/nudges/funnel?since=0001-01-01", "since"),
        ("/api/nudges/funnel?since=2026-13-01", "since"),
        ("/api/nudges/funnel?since=0681-10-20&until=8746-05-03", "since"),
        ("/api/nudges/funnel?since=2020-01-01&until=2026-01-01", "until"),
        ("/api/nudges/funnel?since=2026-02-01&until=2026-01-01", "until"),
        ("/api/reconciliation", "since"),
        ("/api/reconciliation?since=2026-01-01&format=xlsx", "format"),
    ],
)
async def test_a_malformed_query_is_400_naming_the_field(
    client: TestClient, path: str, field: str
) -> None:
    method = "POST" if path.startswith("/api/catalog/imports") else "GET"
    response = await client.request(method, path, headers=bearer())
    assert response.status == 400
    body = await response.json()
    assert body["error"] == "bad_request"
    assert body["field"] == field
    assert body["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("[null, null]", "body"),
        ("{not json", "body"),
        ('{"lines": [{"retailer_id": "A"}]}', "lines.0.quantity"),
        ('{"lines": [{"retailer_id": "A", "quantity": "many"}]}', "lines.0.quantity"),
        ('{"lines": "all"}', "lines"),
        ('{"delivery": "perhaps"}', "delivery"),
        ('{"refund": true}', "refund"),
        ("[" * 5000 + "]" * 5000, "body"),
    ],
)
async def test_a_malformed_refund_body_is_400_naming_the_field(
    client: TestClient, body: str, field: str
) -> None:
    response = await client.post(
        "/api/orders/1/refunds",
        data=body,
        headers={**bearer(), "Content-Type": "application/json"},
    )
    assert response.status == 400
    answer = await response.json()
    assert answer["field"] == field


async def test_an_id_too_large_for_a_row_is_not_found(client: TestClient) -> None:
    response = await client.get("/api/orders/99999999999999999999", headers=bearer())
    assert response.status == 404
    response = await client.get("/api/catalog/imports/99999999999", headers=bearer())
    assert response.status == 404


async def test_a_multipart_body_without_its_boundary_is_400(client: TestClient) -> None:
    response = await client.post(
        "/api/catalog/imports",
        data=b"--x\r\n[]--x--\r\n",
        headers={**bearer(), "Content-Type": "multipart/form-data"},
    )
    assert response.status == 400
    assert "multipart" in (await response.json())["message"]


async def test_the_document_declares_the_checks_it_makes(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json", headers=bearer())).json()
    orders = document["paths"]["/api/orders"]["get"]
    limit = next(p for p in orders["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    assert "400" in orders["responses"]
    refund = document["paths"]["/api/orders/{id}/refunds"]["post"]
    schema = refund["requestBody"]["content"]["application/json"]["schema"]
    assert "lines" in schema["properties"]
    path_id = next(p for p in refund["parameters"] if p["in"] == "path")
    assert path_id["schema"]["type"] == "integer"


def test_values_are_typed_by_their_schema() -> None:
    assert coerce("n", " 42 ", {"type": "integer", "maximum": 50}) == 42
    assert coerce("b", "Yes", {"type": "boolean"}) is True
    assert coerce("d", "2026-12-04", {"type": "string", "format": "date"}) == date(2026, 12, 4)
    with pytest.raises(BadInput, match="n: must be a whole number from 0 to 50"):
        coerce("n", "51", {"type": "integer", "maximum": 50})
    with pytest.raises(BadInput, match="longer than 200"):
        coerce("s", "x" * 201, {"type": "string"})


def test_a_period_is_in_order_and_at_most_a_year() -> None:
    assert period(date(2026, 1, 1), date(2026, 12, 31)) == (date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(BadInput, match="before since"):
        period(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(BadInput, match="longer than 366 days"):
        period(date(2025, 1, 1), date(2026, 12, 31))
