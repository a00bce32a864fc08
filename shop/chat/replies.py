"""The conversation's replies are the channel's own messages (`shop.whatsapp.messages`, where
Meta's limits live); `fit` trims a text to one of those limits."""

from __future__ import annotations

ELLIPSIS = "…"


def fit(text: str, limit: int) -> str:
    """Trim to `limit` characters, ending on a word with "…" when it has to cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space].rstrip(" ,.;:—-")
    return cut + ELLIPSIS
