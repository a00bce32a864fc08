"""Texts of order news told later (shop/orders/news_retry.py): its states on the order page."""

from __future__ import annotations

RU: dict[str, str] = {
    "lifecycle.news_state.resent": "отправлено позже",
    "lifecycle.news_state.stale": "устарело, не отправлено",
}

EN: dict[str, str] = {
    "lifecycle.news_state.resent": "sent later",
    "lifecycle.news_state.stale": "out of date, not sent",
}
