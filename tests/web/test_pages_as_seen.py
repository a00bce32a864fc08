"""The merchant pages as a shop owner reads them: Russian only, no question left to a script
the pages never run, and no choice that gives more power than asked for."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.chat.tables import ShopCart
from shop.clock import utcnow
from shop.orders.shopper_link import link_token
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.dashboard.rows import chat, nudge
from tests.orders.conftest import place
from tests.web.conftest import ADMIN_TOKEN

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [
    *(ROOT / "shop/web/templates").glob("*.html"),
    *(ROOT / "shop/web/pages").glob("*.html"),
]
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
ENGLISH = (
    "Orders",
    "Abandoned-cart",
    "Offline consents",
    "WhatsApp inbox",
    "Dead letters",
    "Meta feed",
    "Authorization: Bearer",
    "is empty",
    "Cannot read",
    "Chats with shoppers",
)
CSV = "Артикул;Название;Цена;Остаток\nTEA-1;Чай;299,00;5\n;Без артикула;100;1\n"


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_no_page_leaves_a_question_to_an_inline_handler_the_pages_policy_blocks() -> None:
    """Every merchant page is served with `script-src 'none'`: an `onsubmit="confirm(…)"`
    would never ask, and the action would go through unasked."""
    assert TEMPLATES
    found = [
        f"{path.name}: {m.group(0)}"
        for path in TEMPLATES
        for m in HANDLER.finditer(path.read_text())
    ]
    assert found == []


async def test_the_owners_pages_are_in_russian_alone(open_client: TestClient) -> None:
    imported = await open_client.post(
        "/api/catalog/imports", data=CSV.encode(), headers={"Content-Type": "text/csv"}
    )
    assert imported.status == 200, await imported.text()
    report = await (await open_client.get("/admin/catalog")).text()
    link = re.search(r'href="(/admin/catalog/imports/\d+)"', report)
    assert link
    pages = (
        "/admin",
        "/admin/orders",
        "/admin/nudges",
        "/admin/inbox",
        "/admin/catalog",
        "/admin/chats",
    )
    for path in (*pages, link.group(1)):
        response = await open_client.get(path)
        html = await response.text()
        assert response.status == 200, path
        main = html[html.index("<main>") :]  # the sandbox banner above it speaks both
        assert 'class="en"' not in main, path
        assert [word for word in ENGLISH if word in main] == [], path
    assert "Колонка «Артикул» не заполнена" in html  # the refused row, in Russian only
    dashboard = await (await open_client.get("/admin")).text()
    assert "API для своих программ" in dashboard


async def test_a_promo_code_is_switched_off_only_once_the_owner_said_yes(
    open_client: TestClient,
) -> None:
    code = {"code": "SUMMER10", "kind": "percent", "percent": 10}
    assert (await open_client.post("/api/promo-codes", json=code)).status == 201
    page = await (await open_client.get("/admin/promo-codes")).text()
    assert 'id="confirm-disable-SUMMER10"' in page
    assert "Отключить промокод SUMMER10?" in page

    unasked = await open_client.post(
        "/admin/promo-codes/SUMMER10/disable", data={"csrf": _csrf(page)}
    )
    assert unasked.status == 200  # back to the page, the question open
    assert unasked.url.query.get("disable") == "SUMMER10"
    assert re.search(r'id="confirm-SUMMER10" open', await unasked.text())
    listed = await (await open_client.get("/api/promo-codes")).json()
    assert [c["state"] for c in listed["items"]] == ["active"]

    said_yes = await open_client.post(
        "/admin/promo-codes/SUMMER10/disable", data={"csrf": _csrf(page), "confirm": "yes"}
    )
    assert said_yes.status == 200
    listed = await (await open_client.get("/api/promo-codes")).json()
    assert [c["state"] for c in listed["items"]] == ["disabled"]


async def test_a_new_member_of_staff_is_an_operator_unless_the_owner_picks_otherwise(
    open_client: TestClient,
) -> None:
    page = await (await open_client.get("/admin/users")).text()
    form = page[page.index('id="add-user"') :]
    chosen = re.findall(r'<option value="(\w+)" selected>', form)
    assert chosen == ["operator"]


async def test_revoking_a_token_or_closing_someones_access_asks_first(
    open_client: TestClient, db: Database
) -> None:
    await add_user(db, "olga", Role.OPERATOR, "a-long-password-1", utcnow(), actor="cli")
    page = await (await open_client.get("/admin/users/olga")).text()
    made = await open_client.post(
        "/admin/users/olga/tokens", data={"csrf": _csrf(page), "label": "Выгрузка"}
    )
    html = await made.text()
    question = re.search(
        r'<details class="confirm" id="confirm-revoke-\d+">(.*?)</details>', html, re.S
    )
    assert question, html
    assert re.search(
        r'<summary[^>]*>Отозвать…</summary>\s*<form method="post" action="[^"]+/revoke"',
        question[1],
    )
    assert "Отозвать токен «Выгрузка»?" in question[1]
    access = re.search(r'<details class="confirm" id="confirm-disable">(.*?)</details>', html, re.S)
    assert access, html
    assert "Закрыть доступ сотруднику olga?" in access[1]
    assert 'name="do" value="disable"' in access[1]  # the one button that does it is inside
    assert html.count('value="disable"') == 1


async def test_an_orders_history_names_the_admin_token_holder_as_the_audit_log_does(
    open_client: TestClient, db: Database
) -> None:
    order = await place(db)
    moved = await open_client.post(
        f"/api/orders/{order.id}/status", json={"status": "canceled", "reason": "передумал"}
    )
    assert moved.status == 200, await moved.text()
    page = await (await open_client.get(f"/admin/orders/{order.id}")).text()
    history = page[page.index('id="history"') : page.index('id="news"')]
    assert "владелец (ADMIN_TOKEN)" in history
    assert ">admin<" not in history


async def test_a_step_skipped_for_a_stopped_template_is_told_in_words_not_codes(
    open_client: TestClient, db: Database
) -> None:
    now = utcnow()
    async with db.transaction() as session:
        session.add(chat(1))
        await session.flush()
        session.add(ShopCart(id=1, chat_id=1))
        await session.flush()
        skipped = nudge(1, 1, 0, now)
        skipped.status, skipped.reason, skipped.outbox_id = "skipped", "template_paused", None
        session.add(skipped)
    page = await (await open_client.get("/admin/nudges")).text()
    shown = page[page.index('id="skipped"') :]
    assert "Шаблон приостановлен WhatsApp из-за жалоб" in shown
    assert "Проверьте его в WhatsApp Manager" in shown
    assert "template_paused" not in shown


async def test_the_shoppers_pages_tell_the_time_in_the_shops_zone_whatever_the_hosts(
    open_client: TestClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite hands a moment back without its zone (it is UTC): a host whose own clock runs
    in Vladivostok must not move the shopper's order by seven hours."""
    order = await place(db)
    async with db.transaction() as session:
        token = await link_token(session, order.chat_id, utcnow())
    placed = datetime(2026, 12, 4, 15, 37, tzinfo=UTC)  # 18:37 in Moscow
    async with db.transaction() as session:
        stored = await session.get(ShopOrder, order.id)
        assert stored is not None
        stored.created_at = placed
    monkeypatch.setenv("TZ", "Asia/Vladivostok")
    time.tzset()
    try:
        own = await (await open_client.get(f"/o/{order.token}")).text()
        every = await (await open_client.get(f"/a/{token}")).text()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "04.12.2026 18:37" in own
    assert "04.12.2026 ·" in every


async def test_an_order_with_no_money_left_to_return_offers_no_refund_quantities(
    open_client: TestClient, db: Database
) -> None:
    order = await place(db)
    page = await (await open_client.get(f"/admin/orders/{order.id}")).text()
    assert 'name="qty:A1"' not in page  # awaiting payment: nothing was paid
    assert "Вернуть, шт." not in page


async def test_the_admin_token_holder_is_named_in_words_in_every_pages_header(
    client: TestClient,
) -> None:
    page = await client.get("/admin/login")
    signed = await client.post(
        "/admin/login",
        data={"csrf": _csrf(await page.text()), "name": "", "token": ADMIN_TOKEN, "next": "/admin"},
    )
    html = await signed.text()
    assert 'id="signed-in-as">владелец (ADMIN_TOKEN)<' in html


def _colours(template: str) -> dict[str, str]:
    """`.status.paid, .status.x { background:… }` as {status: rule} of a shopper's page."""
    css = (ROOT / "shop/web/pages" / template).read_text()
    found: dict[str, str] = {}
    for names, rule in re.findall(r"((?:\.status\.\w+,?\s*)+)\{([^}]*)\}", css):
        for name in re.findall(r"\.status\.(\w+)", names):
            found[name] = rule.strip()
    return found


def test_an_order_has_the_same_colour_on_both_of_the_shoppers_pages() -> None:
    own, every = _colours("shopper_order.html"), _colours("shopper_orders.html")
    assert set(own) >= {"paid", "canceled", "closed", "needs_review", "shipped"}
    assert own == every
