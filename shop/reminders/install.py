"""Wiring of reminders: the scheduler job and the consent hooks of the channel."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy.ext.asyncio import AsyncSession as AnySession
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.consent import store
from shop.consent.rules import event_from_user_preferences
from shop.reminders.config import default_config
from shop.reminders.scheduler import JOB, NudgeScheduler
from shop.worker import Job

if TYPE_CHECKING:
    from shop.runtime import Runtime


async def install(runtime: Runtime) -> None:
    channel = runtime.channel
    if channel is None:
        return
    scheduler = NudgeScheduler(
        db=runtime.db,
        clock=runtime.clock,
        enqueue=channel.enqueue,
        config=default_config(runtime.settings),
        settings=runtime.settings,
    )
    runtime.nudges = scheduler
    runtime.jobs.append(Job(JOB, scheduler.run_once, interval=30.0))

    async def preference_to_consent(session: AnySession, pref: dict[str, Any]) -> None:
        """WhatsApp's own "stop promotions" / resume becomes a consent event."""
        stamp = pref.get("timestamp")
        at = datetime.fromtimestamp(int(stamp), UTC) if stamp is not None else runtime.clock.now()
        event = event_from_user_preferences(
            str(pref.get("wa_id", "")),
            str(pref.get("category", "")),
            str(pref.get("value", "")),
            at,
        )
        if event is not None:
            await store.append(cast(AsyncSession, session), event, runtime.clock.now())

    channel.handlers.preferences.append(preference_to_consent)
