"""The staff pages over HTTP: the owner changes a role, closes and opens access, resets a
password and makes and revokes someone's token, each in the audit log; owners leave their own
role and access alone; everyone manages their own tokens; forms without CSRF are refused."""

from __future__ import annotations

import re

import httpx
from aiohttp.test_utils import TestServer

from shop.access import audit
from shop.access.roles import Role
from shop.access.staff import add_user, list_users
from shop.access.tokens import token_holder
from shop.storage.db import Database
from tests.access.test_roles_web import NOW, PASSWORD, shop, signed_in
from tests.orders.conftest import fake
from tests.orders.test_merchant import field
from tests.web.conftest import ADMIN_TOKEN

__all__ = ["fake", "shop"]


def _shown(page: str, element: str) -> str:
    found = re.search(rf'id="{element}">([^<]+)<', page)
    assert found is not None, page
    return found[1].strip()


async def _post(client: httpx.AsyncClient, path: str, **form: str) -> httpx.Response:
    page = await client.get("/admin/account")
    return await client.post(path, data={"csrf": field(page.text, "csrf"), **form})


async def test_the_owner_changes_role_access_and_password_and_all_is_logged(
    shop: TestServer, db: Database
) -> None:
    await add_user(db, "boss", Role.OWNER, PASSWORD, NOW, actor="cli")
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "boss") as owner, signed_in(shop, "olga") as olga:
        role = await _post(owner, "/admin/users/olga/role", role="accountant")
        assert role.status_code == 303
        assert "Роль изменена: бухгалтер." in (await owner.get(role.headers["location"])).text
        assert (await olga.get("/admin/reconciliation")).status_code == 200  # at once

        bad = await _post(owner, "/admin/users/olga/role", role="root")
        assert bad.status_code == 400
        assert "Выберите роль из списка." in bad.text
        itself = await _post(owner, "/admin/users/boss/access", do="disable")
        assert itself.status_code == 400
        assert "Свою роль и доступ здесь не изменить." in itself.text

        assert (await _post(owner, "/admin/users/olga/access", do="disable")).status_code == 303
        assert (await olga.get("/admin/orders")).status_code == 303  # signed out
        listed = (await owner.get("/admin/users")).text
        assert re.search(r'id="user-olga">.*?закрыт', listed, re.S)
        assert (await _post(owner, "/admin/users/olga/access", do="enable")).status_code == 303

        asked = await _post(owner, "/admin/users/olga/password")  # no answer to the question
        assert asked.status_code == 200
        assert 'id="one-time-password"' not in asked.text
        assert '<details class="confirm" id="confirm-reset" open>' in asked.text
        assert "Сбросить пароль сотрудника olga?" in asked.text
        page = (await owner.get("/admin/users/olga")).text  # asked only on the button's click
        assert '<details class="confirm" id="confirm-reset">' in page
        assert 'name="confirm" value="yes"' in page

        reset = await _post(owner, "/admin/users/olga/password", confirm="yes")
        assert reset.status_code == 200
        fresh = _shown(reset.text, "one-time-password")
    async with signed_in(shop, "olga", fresh) as olga:
        assert (await olga.get("/admin/account")).status_code == 200
    users = {user.name: user for user in await list_users(db)}
    assert users["olga"].role == "accountant"
    assert users["olga"].last_sign_in_at is not None
    events, _ = await audit.latest(db, offset=0, limit=20)
    assert [(e.actor, e.action) for e in events if e.actor == "boss"] == [
        ("boss", "user.password_reset"),
        ("boss", "user.enable"),
        ("boss", "user.disable"),
        ("boss", "user.role"),
    ]


async def test_the_owner_adds_staff_on_the_page_with_reasons_in_russian(
    shop: TestServer, db: Database
) -> None:
    await add_user(db, "boss", Role.OWNER, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "boss") as owner:
        added = await _post(owner, "/admin/users", name="Vera", role="accountant")
        assert added.status_code == 200
        assert len(_shown(added.text, "one-time-password")) >= 20
        taken = await _post(owner, "/admin/users", name="vera", role="operator")
        assert taken.status_code == 400
        assert "Это имя уже занято." in taken.text
        bad = await _post(owner, "/admin/users", name="в ера", role="operator")
        assert bad.status_code == 400
        assert "латинские буквы" in bad.text
        no_csrf = await owner.post("/admin/users", data={"name": "zoe", "role": "owner"})
        assert no_csrf.status_code == 403
    assert [user.name for user in await list_users(db)] == ["boss", "vera"]


async def test_tokens_on_the_pages_are_shown_once_and_revocable(
    shop: TestServer, db: Database
) -> None:
    await add_user(db, "boss", Role.OWNER, PASSWORD, NOW, actor="cli")
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "boss") as owner, signed_in(shop, "olga") as olga:
        made = await _post(owner, "/admin/users/olga/tokens", label="Выгрузка")
        theirs = _shown(made.text, "new-token")
        holder = await token_holder(db, theirs, NOW)
        assert holder is not None
        assert holder.name == "olga"
        own = await _post(olga, "/admin/account/tokens", label="Мой скрипт")
        mine = _shown(own.text, "new-token")
        assert "Выгрузка" in own.text  # the owner's token for her is in her list too
        again = await olga.get("/admin/account")
        assert mine not in again.text
        assert theirs not in again.text
        ids = re.findall(r'action="/admin/account/tokens/(\d+)/revoke"', again.text)
        assert len(ids) == 2
        empty = await _post(olga, "/admin/account/tokens", label="  ")
        assert empty.status_code == 400
        assert "«Для чего»: от 1 до 60 знаков." in empty.text
        for token_id in ids:
            assert (
                await _post(olga, f"/admin/account/tokens/{token_id}/revoke")
            ).status_code == 200
        assert await token_holder(db, mine, NOW) is None
        assert await token_holder(db, theirs, NOW) is None
        assert (await olga.get("/admin/users/olga")).status_code == 403
    async with signed_in(shop, "boss") as owner:
        foreign = await _post(owner, f"/admin/users/boss/tokens/{ids[0]}/revoke")
        assert foreign.status_code == 404  # another person's token is not found under boss


async def test_the_admin_token_holder_has_no_password_or_tokens_of_its_own(
    shop: TestServer,
) -> None:
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        page = await client.get("/admin/login")
        form = {"csrf": field(page.text, "csrf"), "name": "", "token": ADMIN_TOKEN}
        assert (await client.post("/admin/login", data=form)).status_code == 303
        profile = await client.get("/admin/account")
        assert profile.status_code == 200
        assert "у этого входа нет пароля" in profile.text
        assert 'id="password-form"' not in profile.text
        made = await _post(client, "/admin/account/tokens", label="x")
        assert made.status_code == 303  # back to the profile: nothing to make
        assert made.headers["location"] == "/admin/account"
