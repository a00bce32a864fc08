"""Merchant API for the catalog: imports (CONTRACT.md), their records, products and sync."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel, Field, RootModel
from pydantic.json_schema import SkipJsonSchema

from catalog.importing import ImportMode
from shop.catalog_app.service import CatalogService, SyncAuthError
from shop.web.api.answers import ApiError, left_out
from shop.web.api.routes import ApiRoutes
from shop.web.import_options import import_request
from shop.web.keys import SERVICES
from shop.web.uploads import UploadError, receive_upload
from shop.web.validation import QueryModel, path_id

api = ApiRoutes("catalog")
# The keys of catalog.sync_store.STATES (a test holds them equal).
SyncState = Literal["error", "pending", "synced"]


class ImportQuery(QueryModel):
    """Given here, an option wins over the same field of a multipart form."""

    dry_run: bool = Field(default=False, description="validate only, change nothing")
    import_valid: bool = Field(default=False, description="import the valid rows despite errors")
    mode: ImportMode | None = Field(default=None, description="full hides absent items")


class CsvFile(BaseModel):
    """A catalog CSV: the multipart field `file`, or the whole body as text/csv."""

    file: str = Field(json_schema_extra={"contentMediaType": "text/csv"})


class Problem(BaseModel):
    """A row the import refused, and why."""

    row: int = Field(description="as in Excel: the header is row 1")
    column: str
    message: str = Field(description="Russian")
    message_en: str


class ImportReport(BaseModel):
    """The import's report, row by row."""

    rows: int
    imported: int
    rejected: int
    errors: list[Problem]
    import_id: int | None
    format: str
    dry_run: bool
    applied: bool
    created: int
    updated: int
    unchanged: int
    deactivated: int
    errors_total: int
    notice: str | SkipJsonSchema[None] = left_out("rows were refused, so nothing was changed")
    notice_en: str | SkipJsonSchema[None] = left_out()


class ImportRefused(RootModel[ImportReport | ApiError]):
    """The file cannot be read at all (a report with one error), or no file came (an error)."""


@api.post(
    "/api/catalog/imports",
    "Import a catalog CSV (Meta feed, Shopify export or spreadsheet)",
    query=ImportQuery,
    upload=CsvFile,
    answers={200: ImportReport, 400: ImportRefused},
)
async def post_import(request: web.Request, query: ImportQuery) -> web.Response:
    try:
        upload = await receive_upload(request)
    except UploadError as exc:
        return web.json_response({"error": "no_file", "message": str(exc)}, status=400)
    try:
        options = import_request(upload.fields, upload.name, "api")
        options = replace(options, **query.model_dump(exclude_unset=True))
        report = await service_of(request).import_stream(upload.file, options)
    finally:
        upload.close()
    return web.json_response(report.as_json(), status=400 if report.problem else 200)


class ImportRecord(BaseModel):
    """One recorded import: who, when, which file, what came of it."""

    id: int
    actor: str
    file_name: str
    checksum: str = Field(description="SHA-256 of the file")
    size_bytes: int
    format: str
    mode: str
    dry_run: bool
    import_valid: bool
    status: str
    applied: bool
    rows: int
    imported: int
    rejected: int
    created: int
    updated: int
    unchanged: int
    deactivated: int
    problem: str | None = Field(description="why the file could not be read at all")
    errors_json: str = Field(description="the refused rows: a JSON array of problems")
    progress_rows: int = Field(description="rows read so far (written while the import runs)")
    progress_bytes: int = Field(description="bytes of the file read so far")
    started_at: str = Field(examples=["2026-12-04 18:37:00.123456+00:00"])
    finished_at: str | None


@api.get(
    "/api/catalog/imports/{import_id:\\d+}",
    "One recorded import: who, when, file, checksum, counts, errors",
    answers={200: ImportRecord},
)
async def get_import(request: web.Request) -> web.Response:
    record = await service_of(request).import_record(path_id(request, "import_id"))
    if record is None:
        raise web.HTTPNotFound()
    return web.json_response(record, dumps=_dumps)


class ProductsQuery(QueryModel):
    limit: int = Field(default=100, ge=1, le=1000, description="page size")
    offset: int = Field(default=0, ge=0, description="rows to skip")
    state: SyncState | None = Field(default=None, description="only products in this state")


class Product(BaseModel):
    """A product and where its WhatsApp copy stands."""

    retailer_id: str
    title: str
    price: str = Field(examples=["1299.00 RUB"])
    sale_price: str | None
    availability: str
    quantity: int | None
    active: bool
    sync_state: SyncState
    sync_error: str | None = Field(description="why Meta refused it (state error)")
    synced_at: str | None
    updated_at: str


class ProductCounts(BaseModel):
    total: int
    active: int
    pending: int
    errors: int


class ProductList(BaseModel):
    """Counts and products, errors first."""

    counts: ProductCounts
    products: list[Product]


@api.get(
    "/api/catalog/products",
    "Products with their WhatsApp sync state, errors first",
    query=ProductsQuery,
    answers={200: ProductList},
)
async def get_products(request: web.Request, query: ProductsQuery) -> web.Response:
    listing = await service_of(request).products(
        limit=query.limit, offset=query.offset, state=query.state
    )
    return web.json_response(listing)


class SyncQuery(QueryModel):
    retry_errors: bool = Field(
        default=False, description="send items Meta refused again, even if unchanged"
    )


class SyncResult(BaseModel):
    """What was sent and how it ended."""

    batches: int
    sent: int
    synced: int
    failed: int
    unfinished: int = Field(description="batches still running at Meta when polling stopped")
    dropped: int = Field(description="batches Meta failed as a whole")
    remaining: int = Field(description="items still to send (changed while it ran)")


@api.post(
    "/api/catalog/sync",
    "Push catalog changes to WhatsApp now and wait for the results",
    query=SyncQuery,
    answers={200: SyncResult, 502: ApiError},
)
async def post_sync(request: web.Request, query: SyncQuery) -> web.Response:
    try:
        report = await service_of(request).sync(retry_errors=query.retry_errors)
    except SyncAuthError as exc:
        return web.json_response({"error": "graph_auth", "message": str(exc)}, status=502)
    return web.json_response(report.as_json())


def service_of(request: web.Request) -> CatalogService:
    return request.app[SERVICES].catalog


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
