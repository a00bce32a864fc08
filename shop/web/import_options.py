"""A catalog import's options as the upload form's fields give them (the page's and the API's)."""

from __future__ import annotations

from collections.abc import Mapping

from catalog.importing import ImportMode, ImportRequest
from shop.web.validation import TRUE


def flag(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE


def import_request(fields: Mapping[str, str], file_name: str, actor: str) -> ImportRequest:
    """Anything but `partial` is a full import; a flag is on only when it says so."""
    mode = ImportMode.PARTIAL if fields.get("mode") == "partial" else ImportMode.FULL
    return ImportRequest(
        file_name=file_name,
        actor=actor,
        mode=mode,
        dry_run=flag(fields.get("dry_run")),
        import_valid=flag(fields.get("import_valid")),
    )
