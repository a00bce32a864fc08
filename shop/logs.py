"""Structured logging: key=value text or JSON lines; never tokens or payloads."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from shop.logsafe import describe, mask, safe_value

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class _Formatter(logging.Formatter):
    def __init__(self, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": mask(record.getMessage()),
        }
        fields.update({k: safe_value(v) for k, v in record.__dict__.items() if k not in _RESERVED})
        if record.exc_info and record.exc_info[1] is not None:
            fields["exc"] = describe(record.exc_info[1])  # kinds and frames, never values
        if self.as_json:
            return json.dumps(fields, ensure_ascii=False, default=str)
        extra = " ".join(f"{k}={v}" for k, v in list(fields.items())[4:])
        head = f"{fields['ts']} {fields['level']:<7} {fields['logger']}: {fields['msg']}"
        return f"{head} {extra}".rstrip()


# Too chatty at INFO for any use (a line per request, per statement, per HTTP call).
NOISY = ("aiohttp.access", "httpx", "httpcore", "sqlalchemy")
# Frameworks that narrate their work at INFO (alembic: nine lines per migration run).
NARRATORS = ("alembic",)


def configure_logging(level: str = "INFO", fmt: str = "text", *, frameworks: bool = False) -> None:
    """Our own logs at `level`; the narrating frameworks' only with `frameworks` (--verbose,
    LOG_LEVEL=DEBUG), the noisy ones from WARNING always."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(as_json=fmt == "json"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in NARRATORS:
        logging.getLogger(name).setLevel(logging.NOTSET if frameworks else logging.WARNING)
