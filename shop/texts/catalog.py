"""Texts of the merchant's catalog pages (uploads, their reports, the sync) and of its CLI report.

The reasons a row is refused are written in catalog/messages.py, below shop/ (see there).
"""

from __future__ import annotations

RU: dict[str, str] = {
    "admin.catalog.title": "Каталог",
    "admin.catalog.upload": "Загрузить CSV",
    "admin.catalog.formats": (
        "Фид Meta, выгрузка Shopify или таблица из Excel (Артикул; Название; Цена…), "
        "UTF-8 или Windows-1251."
    ),
    "admin.catalog.mode": "Режим:",
    "admin.catalog.mode.full": "полный — товары, которых нет в файле, скрываются",
    "admin.catalog.mode.partial": "частичный — только добавить и обновить",
    "admin.catalog.import_valid": "загрузить верные строки, даже если есть ошибки",
    "admin.catalog.dry_run": "только проверить, ничего не менять",
    "admin.catalog.sync": "Синхронизация с WhatsApp",
    "admin.catalog.count.total": "товаров",
    "admin.catalog.count.active": "в продаже",
    "admin.catalog.count.pending": "ждут отправки",
    "admin.catalog.count.errors": "с ошибками",
    "admin.catalog.syncing": "Идёт синхронизация…",
    "admin.catalog.sync_now": "Синхронизировать сейчас",
    "admin.catalog.retry_errors": (
        "и отправить снова товары, которые Meta отклонила, даже без изменений"
    ),
    "admin.catalog.no_catalog": "WHATSAPP_CATALOG_ID не задан.",
    "admin.catalog.name": "Название",
    "admin.catalog.on_sale": "В продаже",
    "admin.catalog.sync_state.synced": "в каталоге",
    "admin.catalog.sync_state.pending": "ждёт",
    "admin.catalog.sync_state.error": "ошибка",
    "admin.catalog.empty": "Товаров пока нет — загрузите CSV.",
    "admin.catalog.shown": (
        "Показаны первые {shown} из {total} (сначала с ошибками); все — в API {api}"
    ),
    "admin.catalog.imports": "Последние загрузки",
    "admin.catalog.file": "Файл",
    "admin.catalog.actor": "Кто",
    "admin.catalog.outcome": "Итог",
    "admin.catalog.accepted": "Принято",
    "admin.catalog.rejected": "Отклонено",
    "admin.catalog.no_imports": "Загрузок ещё не было.",
    # One upload's report
    "admin.import.title": "Загрузка {file}",
    "admin.import.heading": "Загрузка «{file}»",
    "admin.import.running": "Идёт загрузка… прочитано строк:",
    "admin.import.refreshes": "Страница обновляется сама.",
    "admin.import.count.rows": "строк прочитано",
    "admin.import.count.imported": "принято",
    "admin.import.count.rejected": "отклонено",
    "admin.import.count.created": "новых",
    "admin.import.count.updated": "изменено",
    "admin.import.count.unchanged": "без изменений",
    "admin.import.count.deactivated": "скрыто",
    "admin.import.outcome": "Итог:",
    "admin.import.status.applied": "применено",
    "admin.import.status.not_applied": "ничего не изменено",
    "admin.import.status.dry_run": "проверка, без изменений",
    "admin.import.status.unreadable": "файл не читается",
    "admin.import.details": "формат: {format}, режим: {mode}, sha256 {checksum}…",
    "admin.import.not_applied": (
        "Ничего не изменено: в файле есть ошибки. Исправьте их или загрузите снова с галочкой "
        "«загрузить верные строки»."
    ),
    "admin.import.errors": "Ошибки",
    "admin.import.errors_hint": "(строки — как в Excel, заголовок — строка 1)",
    "admin.import.more": "…и ещё {n}",
    "admin.import.rest_fine": "Остальные строки ({n}) в порядке.",
    "admin.import.rest_not_imported": "Остальные строки ({n}) в порядке — но не загружены.",
    "admin.import.all_good": "Все строки приняты.",
    "admin.import.back": "← К каталогу",
    # `shop catalog import`'s report: counts in English, a row's problem in both languages
    "cli.import.error": "ОШИБКА: {reason}",
    "cli.import.row": "строка",
    "cli.import.counts": (
        "строк {rows}, принято {imported}, отклонено {rejected} (новых {created}, "
        "изменено {updated}, без изменений {unchanged}, скрыто {deactivated})"
    ),
    "cli.import.dry_run": "проверка, ничего не изменено: {counts}",
    "cli.import.more": "… и ещё {n}",
}

EN: dict[str, str] = {
    "admin.catalog.title": "Catalog",
    "admin.catalog.upload": "Upload a CSV",
    "admin.catalog.formats": "Meta feed, Shopify export or a spreadsheet; UTF-8 or Windows-1251.",
    "admin.catalog.mode": "Mode:",
    "admin.catalog.mode.full": "full: products missing from the file are hidden",
    "admin.catalog.mode.partial": "partial: only add and update",
    "admin.catalog.import_valid": "import the valid rows even if others have errors",
    "admin.catalog.dry_run": "only check, change nothing",
    "admin.catalog.sync": "Sync with WhatsApp",
    "admin.catalog.count.total": "products",
    "admin.catalog.count.active": "on sale",
    "admin.catalog.count.pending": "waiting to be sent",
    "admin.catalog.count.errors": "with errors",
    "admin.catalog.syncing": "Syncing…",
    "admin.catalog.sync_now": "Sync now",
    "admin.catalog.retry_errors": "and send the items Meta refused again, as they are",
    "admin.catalog.no_catalog": "WHATSAPP_CATALOG_ID is not set.",
    "admin.catalog.name": "Name",
    "admin.catalog.on_sale": "On sale",
    "admin.catalog.sync_state.synced": "in the catalog",
    "admin.catalog.sync_state.pending": "waiting",
    "admin.catalog.sync_state.error": "error",
    "admin.catalog.empty": "No products yet: upload a CSV.",
    "admin.catalog.shown": (
        "The first {shown} of {total} shown (errors first); all in the API {api}"
    ),
    "admin.catalog.imports": "Recent uploads",
    "admin.catalog.file": "File",
    "admin.catalog.actor": "Who",
    "admin.catalog.outcome": "Outcome",
    "admin.catalog.accepted": "Accepted",
    "admin.catalog.rejected": "Rejected",
    "admin.catalog.no_imports": "No uploads yet.",
    "admin.import.title": "Upload {file}",
    "admin.import.heading": "Upload “{file}”",
    "admin.import.running": "Importing… rows read so far",
    "admin.import.refreshes": "The page refreshes by itself.",
    "admin.import.count.rows": "rows read",
    "admin.import.count.imported": "accepted",
    "admin.import.count.rejected": "rejected",
    "admin.import.count.created": "new",
    "admin.import.count.updated": "changed",
    "admin.import.count.unchanged": "unchanged",
    "admin.import.count.deactivated": "hidden",
    "admin.import.outcome": "Outcome:",
    "admin.import.status.applied": "applied",
    "admin.import.status.not_applied": "nothing changed",
    "admin.import.status.dry_run": "checked, nothing changed",
    "admin.import.status.unreadable": "the file cannot be read",
    "admin.import.details": "format: {format}, mode: {mode}, sha256 {checksum}…",
    "admin.import.not_applied": (
        "Nothing was changed: the file has errors. Fix them, or upload again importing only "
        "the valid rows."
    ),
    "admin.import.errors": "Errors",
    "admin.import.errors_hint": "(rows as in Excel, the header is row 1)",
    "admin.import.more": "…and {n} more",
    "admin.import.rest_fine": "The other {n} rows are fine.",
    "admin.import.rest_not_imported": "The other {n} rows are fine but were not imported.",
    "admin.import.all_good": "Every row was accepted.",
    "admin.import.back": "← Back to the catalog",
    "cli.import.error": "ERROR: {reason}",
    "cli.import.row": "row",
    "cli.import.counts": (
        "rows {rows}, imported {imported}, rejected {rejected} (new {created}, "
        "changed {updated}, unchanged {unchanged}, deactivated {deactivated})"
    ),
    "cli.import.dry_run": "dry run, nothing changed: {counts}",
    "cli.import.more": "… {n} more",
}
