"""Roles on the desk's settings pages: the accountant reads them without a save button and
is refused a save; an operator cannot open them; an operator is offered as a group member."""

from __future__ import annotations

from aiohttp.test_utils import TestServer

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.storage.db import Database
from tests.access.test_roles_web import NOW, PASSWORD, fake, shop, signed_in
from tests.orders.test_merchant import field

__all__ = ["fake", "shop"]
PAGES = ("/admin/settings/groups", "/admin/settings/faq", "/admin/settings/canned")


async def test_an_accountant_reads_the_desk_settings_but_cannot_save_them(
    shop: TestServer, db: Database
) -> None:
    await add_user(db, "vera", Role.ACCOUNTANT, PASSWORD, NOW, actor="cli")
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "vera") as client:
        for path in PAGES:
            page = await client.get(path)
            assert page.status_code == 200, path
            assert '<div class="actions">' not in page.text
            refused = await client.post(path, data={"csrf": field(page.text, "csrf")})
            assert refused.status_code == 403, path
        groups = await client.get(PAGES[0])
        assert 'name="g0.members" value="olga"' in groups.text
        assert 'value="vera"' not in groups.text  # an accountant does not answer chats


async def test_an_operator_cannot_open_the_desk_settings(shop: TestServer, db: Database) -> None:
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "olga") as client:
        for path in PAGES:
            assert (await client.get(path)).status_code == 403, path
