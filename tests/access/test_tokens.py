"""Per-person API tokens: made once and kept hashed, acting on /api as their account with its
role (403 with a reason for a route the role may not use), revoked one by one or all at once
with the account; ADMIN_TOKEN stays the owner's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import select

from shop.access import audit
from shop.access.roles import Role
from shop.access.staff import StaffRefused, add_user, disable_user
from shop.access.tables import StaffToken
from shop.access.tokens import create_token, revoke_token, token_holder, tokens_of
from shop.storage.db import Database
from tests.access.test_roles_web import shop
from tests.orders.conftest import fake
from tests.orders.test_merchant import paid
from tests.web.conftest import bearer

__all__ = ["fake", "shop"]
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # before the refunds the real clock times
PASSWORD = "a-long-staff-password"


async def test_a_token_is_shown_once_and_kept_only_hashed(db: Database) -> None:
    await add_user(db, "anna", Role.OPERATOR, PASSWORD, NOW, actor="boss")
    made = await create_token(db, "anna", "  Скрипт   учёта ", NOW, actor="boss")
    assert made.secret.startswith("vt_")
    assert len(made.secret) > 40
    assert made.label == "Скрипт учёта"
    async with db.sessions() as session:
        row = (await session.exec(select(StaffToken))).one()
    assert made.secret not in (row.digest, row.hint)
    assert made.secret.startswith(row.hint)
    assert len(row.hint) == 10
    holder = await token_holder(db, made.secret, NOW)
    assert holder is not None
    assert (holder.name, holder.role) == ("anna", Role.OPERATOR)
    assert await token_holder(db, made.secret + "x", NOW) is None
    assert await token_holder(db, "not-a-token", NOW) is None
    events, _ = await audit.latest(db, offset=0, limit=5)
    assert (events[0].actor, events[0].action, events[0].detail) == (
        "boss",
        "token.create",
        "Скрипт учёта",
    )


async def test_last_use_is_written_at_most_once_a_minute(db: Database) -> None:
    await add_user(db, "anna", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    made = await create_token(db, "anna", "cli", NOW, actor="cli")
    await token_holder(db, made.secret, NOW)
    await token_holder(db, made.secret, NOW + timedelta(seconds=30))
    assert _aware((await tokens_of(db, "anna"))[0].last_used_at) == NOW
    await token_holder(db, made.secret, NOW + timedelta(minutes=2))
    assert _aware((await tokens_of(db, "anna"))[0].last_used_at) == NOW + timedelta(minutes=2)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


async def test_revoking_one_token_leaves_the_others(db: Database) -> None:
    await add_user(db, "anna", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    await add_user(db, "vera", Role.ACCOUNTANT, PASSWORD, NOW, actor="cli")
    first = await create_token(db, "anna", "one", NOW, actor="cli")
    second = await create_token(db, "anna", "two", NOW, actor="cli")
    with pytest.raises(StaffRefused, match="no such token"):
        await revoke_token(db, "vera", first.id, NOW, actor="cli")  # not vera's
    await revoke_token(db, "anna", first.id, NOW, actor="cli")
    assert await token_holder(db, first.secret, NOW) is None
    assert await token_holder(db, second.secret, NOW) is not None
    listed = await tokens_of(db, "anna")
    assert [(t.label, t.revoked_at is not None) for t in listed] == [("two", False), ("one", True)]


async def test_disabling_an_account_revokes_its_tokens(db: Database) -> None:
    await add_user(db, "anna", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    made = await create_token(db, "anna", "cli", NOW, actor="cli")
    await disable_user(db, "anna", NOW, actor="cli")
    assert await token_holder(db, made.secret, NOW) is None
    assert all(t.revoked_at is not None for t in await tokens_of(db, "anna"))
    with pytest.raises(StaffRefused, match="disabled"):
        await create_token(db, "anna", "again", NOW, actor="cli")
    with pytest.raises(StaffRefused, match="label"):
        await create_token(db, "anna", "   ", NOW, actor="cli")


@pytest.fixture
async def api(aiohttp_client: Any, shop: TestServer) -> TestClient:
    client: TestClient = await aiohttp_client(shop)
    return client


async def test_a_token_acts_on_the_api_with_its_accounts_role(
    api: TestClient, db: Database
) -> None:
    order = await paid(api.server, db)
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    await add_user(db, "vera", Role.ACCOUNTANT, PASSWORD, NOW, actor="cli")
    olga = (await create_token(db, "olga", "desk", NOW, actor="cli")).secret
    vera = (await create_token(db, "vera", "books", NOW, actor="cli")).secret

    assert (await api.get("/api/orders", headers=bearer(olga))).status == 200
    assert (await api.get(f"/api/orders/{order.id}", headers=bearer(olga))).status == 200
    refused = await api.post(f"/api/orders/{order.id}/refunds", json={}, headers=bearer(olga))
    assert refused.status == 403
    assert await refused.json() == {
        "error": "forbidden",
        "message": "the role operator of olga may not use this route",
    }
    assert (
        await api.get("/api/reconciliation?since=2026-01-01", headers=bearer(olga))
    ).status == 403
    assert (await api.put("/api/settings/shop", json={}, headers=bearer(vera))).status == 403
    assert (await api.get("/api/settings/shop", headers=bearer(vera))).status == 200
    assert (await api.get("/api/openapi.json", headers=bearer(olga))).status == 200

    refund = await api.post(
        f"/api/orders/{order.id}/refunds", json={"reason": "брак"}, headers=bearer(vera)
    )
    assert refund.status == 201, await refund.text()
    events, _ = await audit.latest(db, offset=0, limit=1)
    assert (events[0].actor, events[0].action) == ("vera", "refund")  # the token's holder


async def test_the_admin_token_stays_the_owners_and_a_dead_token_is_401(
    api: TestClient, db: Database
) -> None:
    assert (await api.put("/api/settings/shop", json={}, headers=bearer())).status == 400
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    token = await create_token(db, "olga", "desk", NOW, actor="cli")
    assert (await api.get("/api/orders", headers=bearer(token.secret))).status == 200
    await disable_user(db, "olga", NOW, actor="cli")
    gone = await api.get("/api/orders", headers=bearer(token.secret))
    assert gone.status == 401
    assert "your API token" in (await gone.json())["message"]


async def test_the_openapi_document_names_the_403(api: TestClient) -> None:
    document = await (await api.get("/api/openapi.json", headers=bearer())).json()
    refunds = document["paths"]["/api/orders/{id}/refunds"]["post"]["responses"]
    assert "403" in refunds


async def test_an_operators_token_moves_an_order_but_the_orders_rules_still_apply(
    api: TestClient, db: Database
) -> None:
    order = await paid(api.server, db)
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    olga = bearer((await create_token(db, "olga", "desk", NOW, actor="cli")).secret)
    cancel = await api.post(
        f"/api/orders/{order.id}/status",
        json={"status": "canceled", "reason": "передумал"},
        headers=olga,
    )
    assert cancel.status == 403, await cancel.text()  # a paid order's cancel refunds
    assert (await cancel.json())["message"] != "the role operator of olga may not use this route"
    confirmed = await api.post(
        f"/api/orders/{order.id}/status", json={"status": "confirmed"}, headers=olga
    )
    assert confirmed.status == 200, await confirmed.text()
