"""What the checks read: remote GETs (Graph, YooKassa) and the shop's own books."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx
from sqlalchemy import func
from sqlmodel import col, select

from shop.delivery.options import builtin_options, delivery_setup
from shop.doctor.checks import Reply
from shop.promo.tables import PromoCode
from shop.reminders.config import NudgeConfigError, NudgeStep, default_config
from shop.reminders.document import effective_config
from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting
from shop.whatsapp.graph import GraphError, TemplatesApi
from webhooks.tables import WaInbox, WaIntake


class Remote(Protocol):
    async def get(self, path: str) -> Reply:
        """GET `path` under the API's base; never raises for a refusal or a lost answer."""
        ...


class Books(Protocol):
    async def latest_webhook(self) -> datetime | None: ...

    async def delivery(self) -> tuple[list[str], bool]:
        """The titles a shopper is offered now, and whether the merchant set them up."""
        ...

    async def reminder_steps(self) -> Sequence[NudgeStep]: ...

    async def promo_codes(self) -> set[str]:
        """The merchant's promo codes that are not switched off."""
        ...


class HttpRemote:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def get(self, path: str) -> Reply:
        try:
            response = await self._client.get(path)
        except httpx.HTTPError as exc:
            return Reply(None, failure=str(exc) or type(exc).__name__)
        try:
            body: Any = response.json()
        except ValueError:
            body = {"message": response.text[:200]}
        return Reply(response.status_code, body)


async def all_templates(api: TemplatesApi) -> list[dict[str, Any]] | Reply:
    """Every page of the account's templates, or the refusal as a Reply."""
    items: list[dict[str, Any]] = []
    after = None
    try:
        while True:
            page, after = await api.template_pages(after)
            items += page
            if after is None:
                return items
    except GraphError as exc:
        return Reply(exc.status, {"error": {"code": exc.code, "message": exc.message}})
    except httpx.HTTPError as exc:
        return Reply(None, failure=str(exc) or type(exc).__name__)


class DatabaseBooks:
    def __init__(self, db: Database, settings: Settings) -> None:
        self._db, self._settings = db, settings

    async def latest_webhook(self) -> datetime | None:
        """The last webhook stored: split into the inbox, or still waiting in the intake."""
        found = []
        async with self._db.sessions() as session:
            for column in (col(WaInbox.received_at), col(WaIntake.received_at)):
                latest = (await session.exec(select(func.max(column)))).first()
                if isinstance(latest, datetime):
                    # SQLite keeps UTC without its zone
                    found.append(latest if latest.tzinfo else latest.replace(tzinfo=UTC))
        return max(found, default=None)

    async def delivery(self) -> tuple[list[str], bool]:
        sandbox, currency = self._settings.sandbox, self._settings.shop_currency
        async with self._db.sessions() as session:
            options, _points = await delivery_setup(session, sandbox=sandbox, currency=currency)
        builtin = builtin_options(sandbox=sandbox, currency=currency)
        return [o.title for o in options], options != builtin

    async def reminder_steps(self) -> Sequence[NudgeStep]:
        async with self._db.sessions() as session:
            rows = (await session.exec(select(MerchantSetting))).all()
        overrides = {r.key: r.value for r in rows}
        try:
            return effective_config(self._settings, overrides).steps
        except NudgeConfigError:  # the scheduler keeps the defaults then, and so do we
            return default_config(self._settings).steps

    async def promo_codes(self) -> set[str]:
        query = select(PromoCode.code).where(
            col(PromoCode.origin) == "merchant", col(PromoCode.disabled_at).is_(None)
        )
        async with self._db.sessions() as session:
            return set((await session.exec(query)).all())
