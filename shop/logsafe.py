"""What may reach a log line: error kinds and code locations, never input.

An exception's message often holds what it was given: pydantic's ValidationError quotes the
input, SQLAlchemy's errors carry the statement and its parameters, the database driver's the
conflicting values, HTTP clients' the URL (with its query). So an exception is rendered as its
type, a reason built from its structure (field paths and error types, the driver's error
class and SQLSTATE), other messages cut short, and the traceback's frames as file, line and
function — no source, no values. Phone-like numbers are masked in whatever text remains, and
every piece is bounded, so one failure is a few lines, never a payload.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from webhooks.errors import problems

MAX_TEXT = 300  # a message or an extra field's value
MAX_REASON = 160
MAX_FRAMES = 16
LIBRARY_FRAMES = 3  # the innermost frames are shown even when they are a library's
MAX_CAUSES = 3
# Phone numbers and WhatsApp ids: 10 to 15 digits standing alone (not inside a wamid).
_PHONE = re.compile(r"(?<![\w.])\+?\d{10,15}(?!\w)")
_ROOT = str(Path(__file__).resolve().parents[1]) + "/"
_QUOTED = re.compile(r"'[^']{17,}'|\"[^\"]{17,}\"")


def mask(text: str, limit: int = MAX_TEXT) -> str:
    """Phone-like numbers and long quoted literals (a library's repr of its input) masked,
    the text cut to `limit` characters."""
    masked = _QUOTED.sub("'…'", _PHONE.sub("<phone>", text))
    return masked if len(masked) <= limit else masked[: limit - 1] + "…"


def safe_value(value: Any) -> Any:
    """An extra field's value as a log line may carry it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return mask(str(value))


def reason(exc: BaseException) -> str:
    """A short description of what went wrong, without the input it concerned."""
    errors = getattr(exc, "errors", None)
    if callable(errors) and type(exc).__name__ == "ValidationError":  # pydantic
        return _validation_reason(exc)
    orig = getattr(exc, "orig", None)
    if orig is not None or hasattr(exc, "statement"):  # SQLAlchemy: statement and parameters
        return _driver_reason(orig) if orig is not None else "statement failed"
    if _is_http_error(exc):  # the URL or the request may carry a token or a phone
        status = getattr(exc, "status", None) or getattr(
            getattr(exc, "response", None), "status_code", None
        )
        return f"HTTP {status}" if isinstance(status, int) else "HTTP request failed"
    sqlstate = getattr(exc, "sqlstate", None)
    if isinstance(sqlstate, str):  # asyncpg's own errors: DETAIL holds the values
        return f"SQLSTATE {sqlstate}"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return mask(first, MAX_REASON)


def _validation_reason(exc: Any) -> str:
    found = problems(exc)
    shown = [f"{where or '<root>'} ({kind})" for where, kind in found[:5]]
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    return mask(f"{len(found)} invalid: {'; '.join(shown)}{more}", MAX_REASON)


def _driver_reason(orig: BaseException) -> str:
    if type(orig).__module__ == "sqlite3":  # "database is locked", "UNIQUE constraint failed: t.c"
        return mask(f"sqlite: {orig}", MAX_REASON)
    names = [type(orig).__name__]
    inner = getattr(orig, "__cause__", None)  # SQLAlchemy's adapters wrap the driver's error
    if inner is not None and type(inner).__name__ not in names:
        names.append(type(inner).__name__)
    sqlstate = getattr(orig, "sqlstate", None) or getattr(inner, "sqlstate", None)
    code = f" SQLSTATE {sqlstate}" if isinstance(sqlstate, str) else ""
    return f"driver error {' / '.join(names)}{code}"


def _is_http_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith(("httpx", "httpcore", "aiohttp", "yarl", "urllib3"))


def frames(tb: TracebackType | None) -> list[str]:
    """The traceback as `file:line in function`, innermost last: every frame of our code and
    the innermost library frames, the rest counted."""
    summary = traceback.extract_tb(tb)
    last = len(summary) - LIBRARY_FRAMES
    shown: list[str] = []
    skipped = 0
    for n, frame in enumerate(summary):
        path, ours = _short_path(frame.filename)
        if ours or n >= last:
            if skipped:
                shown.append(f"… {skipped} library frames")
                skipped = 0
            shown.append(f"{path}:{frame.lineno} in {frame.name}")
        else:
            skipped += 1
    if len(shown) > MAX_FRAMES:
        shown = [f"… {len(shown) - MAX_FRAMES} frames", *shown[-MAX_FRAMES:]]
    return shown


def _short_path(path: str) -> tuple[str, bool]:
    """The path from the project's root (ours) or from the library's folder (theirs)."""
    for marker in ("/site-packages/", "/lib/python"):
        if marker in path:
            return path.split(marker, 1)[1], False
    if path.startswith(_ROOT):
        return path[len(_ROOT) :], True
    return "/".join(path.replace("\\", "/").split("/")[-2:]), False


def describe(exc: BaseException) -> str:
    """`Type: reason`, its causes' kinds, then the frames, one per line."""
    said = reason(exc)
    lines = [f"{type(exc).__name__}: {said}"]
    seen: set[int] = {id(exc)}
    cause = exc.__cause__ or exc.__context__
    while cause is not None and id(cause) not in seen and len(seen) <= MAX_CAUSES:
        seen.add(id(cause))
        if (why := reason(cause)) != said:  # a wrapper's twin would say nothing new
            lines.append(f"  caused by {type(cause).__name__}: {why}")
            said = why
        cause = cause.__cause__ or cause.__context__
    lines.extend(f"  at {frame}" for frame in frames(exc.__traceback__))
    return "\n".join(lines)
