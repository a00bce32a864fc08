"""The owner's navigation names every page once, each link with its own words: the reminders'
funnel and the reminder settings are two links, not two «Напоминания»."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestServer

from tests.access.test_roles_web import shop, signed_in
from tests.orders.conftest import fake
from tests.web.conftest import ADMIN_TOKEN

__all__ = ["fake", "shop"]
LINK = re.compile(r'<a href="(/admin[^"]*)"[^>]*>([^<]+)</a>')


async def test_every_navigation_link_has_a_title_of_its_own(shop: TestServer) -> None:
    async with signed_in(shop, "", ADMIN_TOKEN) as client:
        page = (await client.get("/admin")).text
    nav = page[page.index("<nav>") : page.index("</nav>")]
    links = LINK.findall(nav)
    titles = [title.strip() for _, title in links]
    assert len(links) > 10
    assert len(set(titles)) == len(titles), titles
    named = dict(links)
    assert named["/admin/nudges"] == "Напоминания"
    assert named["/admin/settings/reminders"] == "Настройки напоминаний"
