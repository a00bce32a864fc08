"""Order status labels come from one place: the catalogue's `status.*`, for chat and page alike."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder
from shop.texts import t
from shop.texts.html import upper_first
from shop.web.order_page import _render

SHOP = Path(__file__).resolve().parents[2] / "shop"
TEXTS = SHOP / "texts"


def test_every_status_has_a_label_in_both_languages() -> None:
    for status in OrderStatus:
        assert t(f"status.{status.value}", "ru")
        assert t(f"status.{status.value}", "en")


def test_no_module_or_template_outside_the_catalogue_writes_a_status_label() -> None:
    labels = [t(f"status.{status.value}", "ru") for status in OrderStatus]
    written = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, labels)) + r")(?!\w)", re.I)
    found = [
        f"{path.relative_to(SHOP)}: {hit.group(0)}"
        for path in sorted(SHOP.rglob("*"))
        if path.suffix in {".py", ".html"} and TEXTS not in path.parents
        for hit in written.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize("locale", ["ru", "en"])
@pytest.mark.parametrize("status", list(OrderStatus))
def test_the_order_page_shows_the_catalogues_label(locale: str, status: OrderStatus) -> None:
    order = ShopOrder(
        number="A-1",
        token="t" * 32,
        chat_id=1,
        wa_id="79001234567",
        status=status.value,
        goods_minor=100,
        total_minor=100,
        delivery_option="pickup",
        delivery_kind="pickup",
        delivery_title="Pickup",
        created_at=datetime(2027, 3, 1, tzinfo=UTC),
        expires_at=datetime(2027, 3, 2, tzinfo=UTC),
    )
    html = _render(order, [], locale, ZoneInfo("Europe/Moscow"), sandbox=False, notice=None)  # type: ignore[arg-type]
    label = upper_first(t(f"status.{status.value}", locale))  # type: ignore[arg-type]
    assert f'id="status">{label}</span>' in html
