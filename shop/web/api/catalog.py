"""Merchant API for the catalog: imports (CONTRACT.md), their records, products and sync."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from catalog.importing import ImportMode, ImportRequest
from catalog.sync_store import STATES
from shop.catalog_app.service import CatalogService, SyncAuthError
from shop.web.api.params import QUERY, path_id
from shop.web.api.registry import ApiRoute, add_api_route, json_response, query_param
from shop.web.api.uploads import UploadError, receive_upload
from shop.web.keys import SERVICES

BOOL = {"type": "boolean", "default": False}
PROBLEM = {
    "type": "object",
    "properties": {
        "row": {"type": "integer", "description": "as in Excel: the header is row 1"},
        "column": {"type": "string"},
        "message": {"type": "string", "description": "Russian"},
        "message_en": {"type": "string"},
    },
    "required": ["row", "column", "message"],
}
REPORT = {
    "type": "object",
    "properties": {
        "rows": {"type": "integer"},
        "imported": {"type": "integer"},
        "rejected": {"type": "integer"},
        "errors": {"type": "array", "items": PROBLEM},
        "import_id": {"type": "integer"},
        "applied": {"type": "boolean"},
        "created": {"type": "integer"},
        "updated": {"type": "integer"},
        "unchanged": {"type": "integer"},
        "deactivated": {"type": "integer"},
    },
    "required": ["rows", "imported", "rejected", "errors"],
}
PRODUCT = {
    "type": "object",
    "properties": {
        "retailer_id": {"type": "string"},
        "title": {"type": "string"},
        "price": {"type": "string", "examples": ["1299.00 RUB"]},
        "active": {"type": "boolean"},
        "sync_state": {"enum": ["synced", "pending", "error"]},
        "sync_error": {"type": ["string", "null"]},
    },
}


def service_of(request: web.Request) -> CatalogService:
    return request.app[SERVICES].catalog


def flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def import_request(query: Any, file_name: str, actor: str) -> ImportRequest:
    mode = ImportMode.PARTIAL if query.get("mode") == "partial" else ImportMode.FULL
    return ImportRequest(
        file_name=file_name,
        actor=actor,
        mode=mode,
        dry_run=flag(query.get("dry_run")),
        import_valid=flag(query.get("import_valid")),
    )


async def post_import(request: web.Request) -> web.Response:
    try:
        upload = await receive_upload(request)
    except UploadError as exc:
        return web.json_response({"error": "no_file", "message": str(exc)}, status=400)
    try:
        params = {**upload.fields, **request.query}
        report = await service_of(request).import_stream(
            upload.file,
            import_request(params, upload.name, "api"),
        )
    finally:
        upload.close()
    return web.json_response(report.as_json(), status=400 if report.problem else 200)


async def get_import(request: web.Request) -> web.Response:
    record = await service_of(request).import_record(path_id(request, "import_id"))
    if record is None:
        raise web.HTTPNotFound()
    return web.json_response(record, dumps=_dumps)


async def get_products(request: web.Request) -> web.Response:
    query = request[QUERY]
    listing = await service_of(request).products(
        limit=query["limit"], offset=query["offset"], state=query["state"]
    )
    return web.json_response(listing)


async def post_sync(request: web.Request) -> web.Response:
    try:
        report = await service_of(request).sync(
            retry_errors=flag(request.query.get("retry_errors"))
        )
    except SyncAuthError as exc:
        return web.json_response({"error": "graph_auth", "message": str(exc)}, status=502)
    return web.json_response(report.as_json())


def _dumps(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def setup(app: web.Application) -> None:
    csv_body = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "contentMediaType": "text/csv"}},
                }
            },
            "text/csv": {"schema": {"type": "string"}},
        },
    }
    routes = [
        (
            ApiRoute(
                "POST",
                "/api/catalog/imports",
                "Import a catalog CSV (Meta feed, Shopify export or spreadsheet)",
                "catalog",
                parameters=(
                    query_param("dry_run", BOOL, "validate only, change nothing"),
                    query_param("import_valid", BOOL, "import the valid rows despite errors"),
                    query_param("mode", {"enum": ["full", "partial"]}, "full hides absent items"),
                ),
                request_body=csv_body,
                responses={
                    "200": json_response("The report, row by row", REPORT),
                    "400": json_response("The file cannot be read at all", REPORT),
                },
            ),
            post_import,
        ),
        (
            ApiRoute(
                "GET",
                "/api/catalog/imports/{import_id:\\d+}",
                "One recorded import: who, when, file, checksum, counts, errors",
                "catalog",
                responses={"200": json_response("The import record", {"type": "object"})},
            ),
            get_import,
        ),
        (
            ApiRoute(
                "GET",
                "/api/catalog/products",
                "Products with their WhatsApp sync state, errors first",
                "catalog",
                parameters=(
                    query_param(
                        "limit",
                        {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
                        "page size",
                    ),
                    query_param(
                        "offset", {"type": "integer", "minimum": 0, "default": 0}, "rows to skip"
                    ),
                    query_param("state", {"enum": sorted(STATES)}, "only products in this state"),
                ),
                responses={
                    "200": json_response(
                        "Counts and products",
                        {
                            "type": "object",
                            "properties": {
                                "counts": {"type": "object"},
                                "products": {"type": "array", "items": PRODUCT},
                            },
                        },
                    )
                },
            ),
            get_products,
        ),
        (
            ApiRoute(
                "POST",
                "/api/catalog/sync",
                "Push catalog changes to WhatsApp now and wait for the results",
                "catalog",
                parameters=(
                    query_param(
                        "retry_errors", BOOL, "send items Meta refused again, even if unchanged"
                    ),
                ),
                responses={
                    "200": json_response("What was sent and how it ended", {"type": "object"})
                },
            ),
            post_sync,
        ),
    ]
    for route, handler in routes:
        add_api_route(app, route, handler)
