"""The merchant's desk groups: members, working hours, the out-of-hours reply, the SLA target.

One validated document under the `desk.groups` key of `merchant_setting`, replaced whole.
Pure rules here (hours, keyword routing); reading and storing at the bottom.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from pydantic import BaseModel, Field, ValidationInfo, field_validator
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.chat.search import normalize
from shop.texts import t

KEY = "desk.groups"
SLUG = re.compile(r"^[a-z0-9_-]{1,32}$")
HOUR = r"^([01]\d|2[0-3]):[0-5]\d$"
DEFAULT_SLA_SECONDS = 60  # the seed's first-response goal
SALES = "sales"  # the default sales group's key: a question about a product goes there


class Group(BaseModel):
    key: str = Field(description="latin letters, digits, - and _; the group's id in the API")
    title: str = Field(min_length=1, max_length=60)
    members: list[str] = Field(default_factory=list, max_length=50, description="staff names")
    # Around the clock until the merchant sets hours (opens == closes: all day).
    days: list[int] = Field(default=[1, 2, 3, 4, 5, 6, 7], description="working days, 1 = Monday")
    opens: str = Field(default="00:00", pattern=HOUR, description="local time, HH:MM")
    closes: str = Field(default="00:00", pattern=HOUR, description="local time, HH:MM")
    away_text: str = Field(default="", max_length=500, description="the out-of-hours reply")
    sla_seconds: int = Field(default=DEFAULT_SLA_SECONDS, ge=10, le=86400)
    capacity: int = Field(default=5, ge=1, le=100, description="chats per operator at once")
    private: bool = False
    round_robin: bool = Field(default=False, description="give new chats to online members")
    keywords: list[str] = Field(default_factory=list, max_length=50)

    @field_validator("key")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(t("desk.error.key"))
        return value

    @field_validator("days")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if any(day < 1 or day > 7 for day in value):
            raise ValueError(t("desk.error.days"))
        return sorted(set(value))


class Groups(BaseModel):
    groups: list[Group] = Field(min_length=1, max_length=12)
    default_group: str

    @field_validator("groups")
    @classmethod
    def _unique(cls, groups: list[Group]) -> list[Group]:
        keys = [g.key for g in groups]
        if len(set(keys)) != len(keys):
            raise ValueError(t("desk.error.duplicate"))
        return groups

    @field_validator("default_group")
    @classmethod
    def _default(cls, key: str, info: ValidationInfo) -> str:
        groups = info.data.get("groups")
        if groups is not None and key not in {g.key for g in groups}:
            raise ValueError(t("desk.error.default"))
        return key

    def get(self, key: str | None) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)

    @property
    def default(self) -> Group:
        return self.get(self.default_group) or self.groups[0]


def defaults() -> Groups:
    """Продажи, Поддержка, Логистика, with the keywords the issue names."""
    away = t("desk.away.default")
    return Groups(
        groups=[
            Group(
                key="sales",
                title=t("desk.group.sales"),
                away_text=away,
                keywords=["купить", "цена", "наличие", "размер"],
            ),
            Group(
                key="support",
                title=t("desk.group.support"),
                away_text=away,
                keywords=["вернуть", "возврат", "оплата", "оплатить", "брак", "return", "refund"],
            ),
            Group(
                key="logistics",
                title=t("desk.group.logistics"),
                away_text=away,
                keywords=["где мой заказ", "доставка", "курьер", "трек", "where is my order"],
            ),
        ],
        default_group="sales",
    )


def _stem(word: str) -> str:
    return word[: max(4, len(word) - 2)]


def _mentions(words: list[str], keyword: str) -> bool:
    wanted = [_stem(w) for w in normalize(keyword).split()]
    if not wanted:
        return False
    for start in range(len(words) - len(wanted) + 1):
        window = words[start : start + len(wanted)]
        if all(word.startswith(stem) for word, stem in zip(window, wanted, strict=True)):
            return True
    return False


def route(
    groups: Groups, text: str | None, chosen: str | None = None, fallback: str | None = None
) -> Group:
    """The group for a handover: the shopper's menu choice, else the first group whose
    keyword the text mentions (word stems, so «вернуть» and «возврат» both count), else the
    `fallback` group if it exists (a product question's: sales), else the default group."""
    picked = groups.get(chosen)
    if picked is not None:
        return picked
    words = normalize(text or "").split()
    for group in groups.groups:
        if any(_mentions(words, keyword) for keyword in group.keywords):
            return group
    return groups.get(fallback) or groups.default


def is_open(group: Group, local: datetime) -> bool:
    """Whether the group works at `local` (the shop's wall clock). Equal hours mean the whole
    day; closing after midnight (opens 20:00, closes 02:00) counts the early hours to the day
    before."""
    now, opens, closes = local.time(), _clock(group.opens), _clock(group.closes)
    if opens == closes:
        return local.isoweekday() in group.days
    if opens < closes:
        return local.isoweekday() in group.days and opens <= now < closes
    if now >= opens:
        return local.isoweekday() in group.days
    yesterday = (local.isoweekday() + 5) % 7 + 1
    return yesterday in group.days and now < closes


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def may_open(group: Group | None, name: str, owner: bool) -> bool:
    """A private group's chats are for its members (and the owner) only."""
    return group is None or not group.private or owner or name in group.members


def hidden_for(groups: Groups, name: str, owner: bool) -> frozenset[str]:
    """The private groups whose chats this person may not open (nor see listed)."""
    return frozenset(g.key for g in groups.groups if not may_open(g, name, owner))


async def load_groups(session: AsyncSession, *, lock: bool = False) -> Groups:
    """The merchant's groups; `lock` when a chat is put into one of them, so a save that
    removes the group waits and re-homes the chat (`shop.desk.regroup`)."""
    stored = await merchant_settings.load(session, KEY, Groups, lock=lock)
    return stored if stored is not None else defaults()
