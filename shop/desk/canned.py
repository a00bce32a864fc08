"""The desk's canned replies: short texts an operator picks instead of typing, edited by the
merchant (`GET`/`PUT /api/settings/canned-replies` and its page).

One validated document under `desk.canned` in `merchant_setting`, replaced whole. Until the
merchant saves one, the three replies the desk has always offered are the default.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.texts import t

KEY = "desk.canned"
MAX_REPLIES = 20
MAX_LENGTH = 300  # short: a canned reply is a line, not a letter
DEFAULT_KEYS = ("desk.canned.hello", "desk.canned.checking", "desk.canned.thanks")


class CannedReplies(BaseModel):
    replies: list[str] = Field(default_factory=list, max_length=MAX_REPLIES)

    @field_validator("replies")
    @classmethod
    def _short(cls, replies: list[str]) -> list[str]:
        cleaned = [reply.strip() for reply in replies]
        if any(not reply for reply in cleaned):
            raise ValueError(t("desk.settings.error.blank_reply"))
        if any(len(reply) > MAX_LENGTH for reply in cleaned):
            raise ValueError(t("desk.settings.error.long_reply", limit=MAX_LENGTH))
        if len(set(cleaned)) != len(cleaned):
            raise ValueError(t("desk.settings.error.same_reply"))
        return cleaned


def defaults() -> CannedReplies:
    return CannedReplies(replies=[t(key) for key in DEFAULT_KEYS])


async def current(session: AsyncSession) -> tuple[CannedReplies, bool]:
    """The saved replies (and True), else the defaults (and False)."""
    stored = await merchant_settings.load(session, KEY, CannedReplies)
    return (stored, True) if stored is not None else (defaults(), False)
