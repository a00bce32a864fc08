"""An operator's photo or document: uploaded to the fake Graph's media endpoint, sent as an
image or document message by its id inside the 24-hour window, in the transcript with its
ticks and its kept copy; refused outside the window (nothing uploaded), for a type Meta does
not take, or when the upload fails."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import aiohttp

from sandbox.media import MEDIA
from shop.clock import FrozenClock
from tests.chat.chat import Shopper
from tests.desk.desk import chat_of, lines
from tests.desk.media import PNG
from tests.whatsapp.rig import Rig


def form(
    content: bytes, mime: str, name: str, caption: str = "", **fields: str
) -> aiohttp.FormData:
    data = aiohttp.FormData()
    for key, value in fields.items():
        data.add_field(key, value)
    data.add_field("caption", caption)
    data.add_field("file", io.BytesIO(content), content_type=mime, filename=name)
    return data


async def post_file(rig: Rig, data: aiohttp.FormData) -> tuple[int, dict[str, object]]:
    chat, _ = await chat_of(rig)
    answer = await rig.client.post(f"/api/chats/{chat.id}/messages", data=data)
    return answer.status, await answer.json()


async def test_a_photo_from_the_api_is_uploaded_and_sent_by_its_media_id(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("оператор")
    status, answer = await post_file(rig, form(PNG, "image/png", "brak.png", "Вот так?"))
    assert status == 201, answer
    (sent,) = await shopper.settle()
    assert sent["type"] == "image"
    assert sent["image"]["caption"] == "Вот так?"
    assert rig.sandbox.app[MEDIA].files[sent["image"]["id"]].content == PNG
    (line,) = [line for line in await lines(rig) if line.kind == "image"]
    assert (line.direction, line.author, line.text) == ("out", "admin", "Вот так?")
    assert line.delivery is not None  # its ticks, as for any message
    kept = await rig.client.get(f"/admin/media/{line.id}")
    assert await kept.read() == PNG


async def test_an_operator_sends_a_document_from_the_chat_page(rig: Rig, shopper: Shopper) -> None:
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    page = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    assert 'id="media-form"' in page
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    data = form(b"%PDF-1.4 invoice", "application/pdf", "schet.pdf", csrf=found.group(1))
    posted = await rig.client.post(
        f"/admin/chats/{chat.id}/media", data=data, allow_redirects=False
    )
    assert posted.status == 303, await posted.text()
    (sent,) = await shopper.settle()
    assert sent["type"] == "document"
    assert sent["document"]["filename"] == "schet.pdf"
    page = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    (line,) = [line for line in await lines(rig) if line.kind == "document"]
    # A chip with the file's name and size, like a shopper's document.
    chip = re.search(rf'<a class="file-chip" href="/admin/media/{line.id}"[^>]*>(.*?)</a>', page)
    assert chip is not None
    assert '<span class="file-name">schet.pdf</span>' in chip.group(1)
    assert '<span class="file-size">16 байт</span>' in chip.group(1)
    kept = await rig.client.get(f"/admin/media/{line.id}")
    assert await kept.read() == b"%PDF-1.4 invoice"


async def test_a_sent_photo_is_a_thumbnail_on_the_page_from_its_lines_first_moment(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("оператор")
    status, _ = await post_file(rig, form(PNG, "image/png", "brak.png", "Вот так?"))
    assert status == 201
    # Before the message is even sent, its line shows the kept copy (one transaction).
    (line,) = [line for line in await lines(rig) if line.kind == "image"]
    assert (line.data["media_state"], line.data["media_size"]) == ("stored", len(PNG))
    chat, _ = await chat_of(rig)
    page = await (await rig.client.get(f"/admin/chats/{chat.id}?fragment=lines")).text()
    assert f'<img src="/admin/media/{line.id}"' in page


async def test_outside_the_window_a_file_is_refused_and_nothing_is_uploaded(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    await shopper.text("оператор")
    clock.advance(timedelta(hours=25))
    status, answer = await post_file(rig, form(PNG, "image/png", "brak.png"))
    assert (status, answer["error"]) == (409, "window_closed")
    assert rig.sandbox.app[MEDIA].files == {}
    assert await shopper.settle() == []


async def test_a_file_meta_does_not_take_is_refused_with_the_reason(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("оператор")
    status, answer = await post_file(rig, form(b"<html>", "text/html", "page.html"))
    assert (status, answer["error"]) == (422, "media_type")
    # Called a PNG, but not one: refused by its first bytes.
    status, answer = await post_file(rig, form(b"GIF89a....", "image/png", "fake.png"))
    assert (status, answer["error"]) == (422, "media_type")
    status, answer = await post_file(
        rig, form(b"\xff\xd8\xff" + b"0" * 5 * 1024 * 1024, "image/jpeg", "big.jpg")
    )
    assert (status, answer["error"]) == (422, "media_size")
    assert rig.sandbox.app[MEDIA].files == {}


async def test_a_failed_upload_sends_nothing(rig: Rig, shopper: Shopper) -> None:
    await shopper.text("оператор")
    await rig.control("POST", "media/faults", {"next": [{"http_status": 503}]})
    status, answer = await post_file(rig, form(PNG, "image/png", "brak.png"))
    assert (status, answer["error"]) == (422, "media_upload")
    assert await shopper.settle() == []
    assert [line for line in await lines(rig) if line.kind == "image"] == []
