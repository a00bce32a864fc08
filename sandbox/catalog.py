"""Fake Graph catalog API: `items_batch` with asynchronous completion and per-item errors.

Each catalog id holds its items in memory. A batch is validated when it arrives; its
valid requests take effect when the batch finishes, which happens on the N-th status
poll (`finish_after_polls`, default 2), so clients must really poll. Control routes let
tests list a catalog's items, inject one-shot faults and have Meta's review refuse chosen
items (as it refuses items that break its commerce policies) until told otherwise.
"""

from __future__ import annotations

import re
import secrets
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from sandbox.auth import token_of

PRICE = re.compile(r"^\d+(\.\d{1,2})? [A-Z]{3}$")
METHODS = {"CREATE", "UPDATE", "DELETE"}
# Meta requires these for a new item (commerce catalog fields); brand is not enforced here
# because the spreadsheet format has no brand column and Meta accepts gtin/mpn instead.
REQUIRED_NEW = ("title", "description", "availability", "condition", "price", "link", "image_link")
AVAILABILITY = {"in stock", "out of stock", "preorder", "available for order", "discontinued"}
MAX_REQUESTS = 5000
POLICY_REJECTION = "Item rejected: it does not comply with Commerce Policies"


@dataclass
class Batch:
    handle: str
    catalog_id: str
    valid: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    polls: int = 0
    status: str = "started"


@dataclass
class CatalogFake:
    items: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    batches: dict[str, Batch] = field(default_factory=dict)
    faults: deque[dict[str, Any]] = field(default_factory=deque)
    finish_after_polls: int = 2
    received: int = 0  # requests inside all batches, for "only the changes were sent"
    calls: int = 0
    refused: dict[str, str] = field(default_factory=dict)  # retailer id → Meta's message


STATE = web.AppKey("sandbox_catalog", CatalogFake)


def _graph_error(status: int, code: int, message: str) -> web.Response:
    body = {"error": {"message": message, "type": "OAuthException", "code": code}}
    return web.json_response(body, status=status)


def _gate(request: web.Request) -> web.Response | None:
    """Auth and injected faults, in the order Meta would apply them."""
    fake = request.app[STATE]
    fake.calls += 1
    if fake.faults:
        fault = fake.faults.popleft()
        return _graph_error(fault["status"], fault["code"], fault["message"])
    if token_of(request) is None:
        return _graph_error(401, 190, "Invalid OAuth access token.")
    return None


def _check(req: Any, known: dict[str, dict[str, Any]]) -> str | None:
    """Why Meta would reject this one request, or None."""
    if not isinstance(req, dict) or req.get("method") not in METHODS:
        return "method must be CREATE, UPDATE or DELETE"
    data = req.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        return "data.id (the retailer id) is required"
    if "retailer_id" in data:
        return "retailer_id must not be inside data; use data.id"
    if len(data["id"]) > 100:
        return "id is longer than 100 characters"
    if req["method"] == "DELETE":
        return None
    for name in ("price", "sale_price"):
        if name in data and not PRICE.match(str(data[name])):
            return f'{name} must look like "1299.00 RUB", got {data[name]!r}'
    if "availability" in data and data["availability"] not in AVAILABILITY:
        return f"unknown availability {data['availability']!r}"
    is_new = data["id"] not in known
    missing = [n for n in REQUIRED_NEW if is_new and not data.get(n)]
    if missing:
        return f"Missing required field(s) for a new item: {', '.join(missing)}"
    if len(str(data.get("title", ""))) > 200:
        return "title is longer than 200 characters"
    return None


def _refused(fake: CatalogFake, req: dict[str, Any]) -> str | None:
    if req["method"] == "DELETE":
        return None
    return fake.refused.get(req["data"]["id"])


async def items_batch(request: web.Request) -> web.Response:
    if (refused := _gate(request)) is not None:
        return refused
    fake, catalog_id = request.app[STATE], request.match_info["catalog_id"]
    body = await request.json()
    requests = body.get("requests")
    if body.get("item_type") != "PRODUCT_ITEM":
        return _graph_error(400, 100, "item_type must be PRODUCT_ITEM")
    if not isinstance(requests, list) or not 0 < len(requests) <= MAX_REQUESTS:
        return _graph_error(400, 100, f"requests must hold 1 to {MAX_REQUESTS} items")
    return web.json_response({"handles": [receive(fake, catalog_id, requests).handle]})


def receive(fake: CatalogFake, catalog_id: str, requests: list[Any]) -> Batch:
    """A batch as Meta takes it in: each request checked now, the valid ones kept for later."""
    known = fake.items.setdefault(catalog_id, {})
    batch = Batch("sandbox-" + secrets.token_hex(8), catalog_id, [], [])
    for line, req in enumerate(requests):
        reason = _check(req, known) or _refused(fake, req)
        if reason is None:
            batch.valid.append(req)
        else:
            rid = req.get("data", {}).get("id") if isinstance(req, dict) else None
            batch.errors.append({"line": line, "id": rid, "message": reason})
    fake.received += len(requests)
    fake.batches[batch.handle] = batch
    return batch


def _finish(fake: CatalogFake, batch: Batch) -> None:
    items = fake.items.setdefault(batch.catalog_id, {})
    for req in batch.valid:
        data = req["data"]
        if req["method"] == "DELETE":
            items.pop(data["id"], None)
        else:
            items[data["id"]] = {**items.get(data["id"], {}), **data}
    batch.status = "finished"


async def batch_status(request: web.Request) -> web.Response:
    if (refused := _gate(request)) is not None:
        return refused
    fake = request.app[STATE]
    batch = fake.batches.get(request.query.get("handle", ""))
    if batch is None or batch.catalog_id != request.match_info["catalog_id"]:
        return _graph_error(400, 100, "Unknown batch handle")
    with_ids = request.query.get("load_ids_of_invalid_requests") == "true"
    return web.json_response({"data": [poll(fake, batch, with_ids)]})


def poll(fake: CatalogFake, batch: Batch, with_ids: bool) -> dict[str, Any]:
    """One status poll: the batch finishes on the N-th, and only then tells its errors."""
    batch.polls += 1
    if batch.status != "finished" and batch.polls >= fake.finish_after_polls:
        _finish(fake, batch)
    entry: dict[str, Any] = {"handle": batch.handle, "status": batch.status}
    if batch.status == "finished":
        entry.update(errors=batch.errors, errors_total_count=len(batch.errors))
        entry.update(warnings=[], warnings_total_count=0)
        if with_ids:
            entry["ids_of_invalid_requests"] = [e["id"] for e in batch.errors if e["id"]]
    return entry


async def list_items(request: web.Request) -> web.Response:
    fake = request.app[STATE]
    items = fake.items.get(request.match_info["catalog_id"], {})
    return web.json_response(
        {"items": sorted(items.values(), key=lambda d: d["id"]), "received": fake.received}
    )


async def add_fault(request: web.Request) -> web.Response:
    """`{"status": 503, "code": 2, "message": "...", "count": 1}` fails the next calls."""
    body = await request.json()
    fault = {
        "status": int(body.get("status", 500)),
        "code": int(body.get("code", 2)),
        "message": str(body.get("message", "Service temporarily unavailable")),
    }
    request.app[STATE].faults.extend([fault] * int(body.get("count", 1)))
    return web.json_response({"queued": len(request.app[STATE].faults)})


async def configure(request: web.Request) -> web.Response:
    body = await request.json()
    fake = request.app[STATE]
    fake.finish_after_polls = max(1, int(body.get("finish_after_polls", fake.finish_after_polls)))
    return web.json_response({"finish_after_polls": fake.finish_after_polls})


async def refuse(request: web.Request) -> web.Response:
    """`{"ids": ["SKU1"], "message": "..."}`: refuse these items from now on; `[]` forgives."""
    body = await request.json()
    fake = request.app[STATE]
    message = str(body.get("message") or POLICY_REJECTION)
    fake.refused = {str(rid): message for rid in body.get("ids") or []}
    return web.json_response({"refused": sorted(fake.refused)})


def setup(app: web.Application) -> None:
    app[STATE] = CatalogFake()
    add = app.router
    add.add_post("/graph/{version}/{catalog_id}/items_batch", items_batch)
    add.add_get("/graph/{version}/{catalog_id}/check_batch_request_status", batch_status)
    add.add_get("/control/catalog/{catalog_id}", list_items)
    add.add_post("/control/catalog/faults", add_fault)
    add.add_post("/control/catalog/config", configure)
    add.add_post("/control/catalog/refuse", refuse)
