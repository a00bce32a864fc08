"""Saving the desk's groups: members checked against the staff accounts, and the open chats of a
removed group moved to the default group, all in the caller's transaction with the document.

A group's key is where its chats point (`desk_chat.group_key`): without the move, a chat
waiting in a removed group would sit on a key no filter, SLA goal or privacy rule knows.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.access.roles import Role
from shop.access.sessions import ADMIN
from shop.access.tables import StaffUser
from shop.chat.tables import ShopChat
from shop.desk.groups import KEY, Groups, load_groups
from shop.desk.states import WITH_PERSON
from shop.desk.tables import DeskChat
from shop.desk.transcript import add_line
from shop.merchant_settings import Problem, Refused
from shop.texts import t


def member_problems(groups: Groups, roles: dict[str, str]) -> list[Problem]:
    """Each member who is no staff account (or an accountant, who does not answer chats),
    by its path (`groups.1.members.0`); `roles` maps the accounts' names to their roles."""
    problems = []
    for i, group in enumerate(groups.groups):
        for j, name in enumerate(group.members):
            role = Role.OWNER.value if name == ADMIN else roles.get(name)
            if role is None:
                problems.append(
                    Problem(f"groups.{i}.members.{j}", t("desk.error.member", name=name))
                )
            elif role == Role.ACCOUNTANT.value:
                message = t("desk.error.member_role", name=name)
                problems.append(Problem(f"groups.{i}.members.{j}", message))
    return problems


async def store_groups(session: AsyncSession, groups: Groups, now: datetime) -> None:
    """Check the members, save the document and re-home the open chats of removed groups;
    Refused (nothing saved) when a member is unknown."""
    names = {name for group in groups.groups for name in group.members}
    query = select(StaffUser.name, StaffUser.role).where(col(StaffUser.name).in_(sorted(names)))
    roles = dict((await session.exec(query)).all()) if names else {}
    problems = member_problems(groups, roles)
    if problems:
        raise Refused(problems)
    before = await load_groups(session)
    await merchant_settings.save(session, KEY, groups, now)
    await rehome(session, before, groups, now)


async def rehome(session: AsyncSession, before: Groups, after: Groups, now: datetime) -> int:
    """Open chats (waiting or assigned) whose group is gone go to the default group, each with
    a desk event in its transcript; an operator who has one keeps it. How many moved."""
    kept = {g.key for g in after.groups}
    query = (
        select(DeskChat, ShopChat.wa_id)
        .join(ShopChat, col(ShopChat.id) == col(DeskChat.chat_id))
        .where(
            col(DeskChat.state).in_(sorted(WITH_PERSON)),
            col(DeskChat.group_key).is_not(None),
            col(DeskChat.group_key).not_in(sorted(kept)),
        )
    )
    moved = 0
    for row, wa_id in (await session.exec(query)).all():
        removed = before.get(row.group_key)
        detail = {
            "group": after.default.key,
            "removed": removed.title if removed else row.group_key,
        }
        row.group_key, row.updated_at = after.default.key, now
        await add_line(session, wa_id=wa_id, at=now, direction="event", kind="regroup", data=detail)
        moved += 1
    return moved
