"""Where features attach their services and background jobs to a Runtime.

Each feature exposes `async def install(runtime) -> None`; the list below is the
whole wiring of the service, in dependency order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shop.runtime import Runtime

Installer = Callable[["Runtime"], Awaitable[None]]


def installers() -> list[Installer]:
    from shop.catalog_app.service import install as install_catalog
    from shop.chat.install import install as install_shopping
    from shop.orders.install import install as install_payflow
    from shop.reminders.install import install as install_nudging
    from shop.whatsapp.service import install as install_channel

    return [install_channel, install_catalog, install_payflow, install_shopping, install_nudging]


async def install_features(runtime: Runtime) -> None:
    for install in installers():
        await install(runtime)
