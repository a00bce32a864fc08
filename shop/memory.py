"""Giving freed heap memory back to the operating system after a large piece of work."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc (musl, macOS): nothing to do
        return None
    return trim


def release_memory() -> None:
    """Return the free pages of glibc's heap (`malloc_trim(0)`).

    glibc keeps freed memory for reuse and returns only the top of its heap by itself: after
    a large catalog view is replaced by the next one, the old one's pages are free but the
    process stays as large as at its peak. Trimming takes milliseconds; call it after such a
    replacement, not per request.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
