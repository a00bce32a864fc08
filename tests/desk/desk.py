"""Helpers of the desk's tests: read a chat's desk row and transcript, post an echo."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from shop.access.roles import Role
from shop.access.staff import Actor
from shop.chat.tables import ShopChat
from shop.desk.inbox import Line, transcript
from shop.desk.tables import DeskChat
from tests.chat.chat import SHOPPER
from tests.whatsapp.rig import PHONE_ID, Rig

OWNER = Actor("admin", Role.OWNER)
IVAN = Actor("ivan", Role.OPERATOR)
OLGA = Actor("olga", Role.OPERATOR)


async def chat_of(rig: Rig, wa_id: str = SHOPPER) -> tuple[ShopChat, DeskChat | None]:
    async with rig.services.db.sessions() as session:
        query = select(ShopChat).where(col(ShopChat.wa_id) == wa_id)
        chat = (await session.exec(query)).one()
        return chat, await session.get(DeskChat, chat.id)


async def lines(rig: Rig, wa_id: str = SHOPPER) -> list[Line]:
    async with rig.services.db.sessions() as session:
        return await transcript(session, wa_id)


async def post_echo(rig: Rig, text: str, at: datetime, wamid: str, to: str = SHOPPER) -> None:
    """What Meta sends when the merchant answers from the WhatsApp Business app."""
    echo: dict[str, Any] = {
        "from": "79990000000",
        "to": to,
        "id": wamid,
        "timestamp": str(int(at.timestamp())),
        "type": "text",
        "text": {"body": text},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "79990000000", "phone_number_id": PHONE_ID},
        "message_echoes": [echo],
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "smb_message_echoes", "value": value}]}],
    }
    assert await rig.post_webhook(json.dumps(body).encode()) == 200
