"""After the window an operator's reply goes out as an approved template; an inbound photo is
a line of the transcript."""

from __future__ import annotations

from datetime import timedelta

from shop.clock import FrozenClock
from tests.chat.chat import Shopper
from tests.desk.desk import chat_of, lines
from tests.whatsapp.rig import Rig


async def test_after_the_window_the_operator_reopens_the_chat_with_a_template(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await rig.channel.sync_templates()
    await shopper.text("привет")
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    clock.advance(timedelta(hours=25))
    url = f"/api/chats/{chat.id}/messages"
    assert (await rig.client.post(url, json={"text": "Вы здесь?"})).status == 409
    sent = await rig.client.post(url, json={"template": {"name": "csat", "language": "ru"}})
    assert sent.status == 201, await sent.text()
    received = await shopper.settle()
    assert [body["type"] for body in received] == ["template"]
    assert received[0]["template"]["name"] == "csat"
    out = [line for line in await lines(rig) if line.kind == "template"]
    assert out[-1].author == "admin"
    assert out[-1].delivery is not None


async def test_an_inbound_photo_is_in_the_transcript_with_its_caption_and_type(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    photo = {"id": "media-1", "mime_type": "image/jpeg", "sha256": "x", "caption": "Вот брак"}
    await shopper.send({"type": "image", "image": photo})
    (line,) = [line for line in await lines(rig) if line.kind == "image"]
    assert (line.direction, line.text) == ("in", "Вот брак")
    assert line.data == {"media_id": "media-1", "mime_type": "image/jpeg"}
