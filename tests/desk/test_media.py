"""Inbound media: the `desk.media` job fetches a shopper's file from the fake Graph (node, then
the download with the token), keeps it under MEDIA_DIR and the transcript shows it; only
signed-in staff who may open the chat get it; too big or a type not allowed is refused with
the reason; 5xx and timeouts are tried again later, a file gone at Meta is not."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from shop import merchant_settings
from shop.access.roles import Role
from shop.access.staff import add_user
from shop.clock import FrozenClock
from shop.desk.groups import KEY, Group, load_groups
from shop.desk.media import MAX_TRIES, MediaFetcher, refusal
from shop.desk.media_graph import GraphMedia
from shop.desk.tables import DeskChat
from tests.chat.chat import Shopper
from tests.desk.desk import chat_of
from tests.desk.media import (
    PASSWORD,
    PNG,
    data_of,
    fetch,
    media_dir,
    put_media,
    send_media,
    signed_in,
)
from tests.web.conftest import ADMIN_TOKEN
from tests.whatsapp.rig import Rig, start_rig


@pytest.fixture
async def rig(
    aiohttp_client: Any,
    database_url: str,
    unused_tcp_port: int,
    clock: FrozenClock,
    tmp_path: Path,
) -> Rig:
    return await start_rig(
        aiohttp_client,
        database_url,
        unused_tcp_port,
        clock=clock,
        admin_token=ADMIN_TOKEN,
        media_dir=tmp_path / "media",
    )


async def test_a_shoppers_photo_is_fetched_kept_and_shown_inline_to_staff(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    media_id = await put_media(rig, "image/png", PNG)
    line_id = await send_media(shopper, "image", media_id, "image/png", caption="Вот брак")
    assert await fetch(rig) == 1
    data = await data_of(rig, line_id)
    assert (data["media_state"], data["media_type"], data["media_size"]) == (
        "stored",
        "image/png",
        len(PNG),
    )
    assert (media_dir(rig) / data["media_file"]).read_bytes() == PNG
    assert await fetch(rig) == 0  # kept once
    chat, _ = await chat_of(rig)
    async with signed_in(rig) as staff:
        answer = await staff.get(f"/admin/media/{line_id}")
        assert answer.status_code == 200
        assert answer.content == PNG
        assert answer.headers["Content-Type"] == "image/png"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Content-Disposition"].startswith("inline;")
        page = (await staff.get(f"/admin/chats/{chat.id}")).text
        assert f'<img src="/admin/media/{line_id}"' in page


async def test_media_is_for_signed_in_staff_only(rig: Rig, shopper: Shopper) -> None:
    media_id = await put_media(rig, "application/pdf", b"%PDF-1.4 invoice")
    line_id = await send_media(shopper, "document", media_id, "application/pdf", filename="a.pdf")
    await fetch(rig)
    anonymous = await rig.client.get(f"/admin/media/{line_id}", allow_redirects=False)
    assert anonymous.status == 303
    assert anonymous.headers["Location"].startswith("/admin/login")
    now = rig.services.clock.now()
    await add_user(rig.services.db, "vera", Role.ACCOUNTANT, PASSWORD, now, actor="cli")
    await add_user(rig.services.db, "ivan", Role.OPERATOR, PASSWORD, now, actor="cli")
    async with signed_in(rig, "vera", PASSWORD) as accountant:
        assert (await accountant.get(f"/admin/media/{line_id}")).status_code == 403
    async with signed_in(rig, "ivan", PASSWORD) as operator:
        answer = await operator.get(f"/admin/media/{line_id}")
        assert answer.status_code == 200
        assert answer.content == b"%PDF-1.4 invoice"
        assert answer.headers["Content-Disposition"].startswith("attachment;")
        chat, _ = await chat_of(rig)
        page = (await operator.get(f"/admin/chats/{chat.id}")).text
        chip = f'<a class="file-chip" href="/admin/media/{line_id}" title="Открыть файл">'
        assert chip in page
        assert '<span class="file-name">a.pdf</span> <span class="file-size">16 байт</span>' in page


async def test_a_photo_over_metas_5_mb_is_refused_with_the_reason(
    rig: Rig, shopper: Shopper
) -> None:
    media_id = await put_media(rig, "image/jpeg", size=5 * 1024 * 1024 + 1)
    line_id = await send_media(shopper, "image", media_id, "image/jpeg")
    await fetch(rig)
    data = await data_of(rig, line_id)
    assert (data["media_state"], data["media_reason"]) == ("refused", "size")
    assert not media_dir(rig).exists() or not any(media_dir(rig).iterdir())
    chat, _ = await chat_of(rig)
    async with signed_in(rig) as staff:
        page = (await staff.get(f"/admin/chats/{chat.id}")).text
        assert "файл не принят: больше допустимого размера" in page
        assert (await staff.get(f"/admin/media/{line_id}")).status_code == 404


async def test_a_download_longer_than_declared_is_cut_off_at_the_cap(
    aiohttp_client: Any, database_url: str, unused_tcp_port: int, clock: FrozenClock
) -> None:
    rig = await start_rig(
        aiohttp_client, database_url, unused_tcp_port, clock=clock, media_max_bytes=1000
    )
    shopper = Shopper(rig, clock)
    media_id = await put_media(rig, "application/pdf", b"x" * 400)
    await rig.control("POST", "media/faults", {"next": [{}, {"oversize": True}]})
    line_id = await send_media(shopper, "document", media_id, "application/pdf")
    await fetch(rig)
    data = await data_of(rig, line_id)
    assert (data["media_state"], data["media_reason"]) == ("refused", "size")


async def test_a_type_not_allowed_is_refused_and_never_kept(rig: Rig, shopper: Shopper) -> None:
    media_id = await put_media(rig, "text/html", b"<script>alert(1)</script>")
    line_id = await send_media(shopper, "document", media_id, "text/html")
    await fetch(rig)
    data = await data_of(rig, line_id)
    assert (data["media_state"], data["media_reason"]) == ("refused", "type")
    chat, _ = await chat_of(rig)
    async with signed_in(rig) as staff:
        page = (await staff.get(f"/admin/chats/{chat.id}")).text
        assert "файл не принят: такой тип файлов не разрешён" in page


async def photo_fetched_after(
    rig: Rig, shopper: Shopper, fault: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """The shopper's photo, fetched once while the fake Graph suffers `fault`."""
    media_id = await put_media(rig, "image/png", PNG)
    line_id = await send_media(shopper, "image", media_id, "image/png")
    await rig.control("POST", "media/faults", {"next": [fault]})
    await fetch(rig)
    return line_id, await data_of(rig, line_id)


async def test_a_5xx_is_tried_again_after_a_pause_then_the_file_is_kept(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    line_id, data = await photo_fetched_after(rig, shopper, {"http_status": 500})
    assert (data["media_state"], data["media_tries"]) == ("retry", 1)
    assert await fetch(rig) == 0  # not before its time
    clock.advance(timedelta(seconds=11))
    assert await fetch(rig) == 1
    assert (await data_of(rig, line_id))["media_state"] == "stored"


async def test_a_file_meta_no_longer_has_is_failed_without_retries(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    _line_id, data = await photo_fetched_after(rig, shopper, {"http_status": 404})
    assert (data["media_state"], data["media_reason"]) == ("failed", "gone")
    clock.advance(timedelta(hours=1))
    assert await fetch(rig) == 0


async def test_the_fake_graph_wants_the_token_for_the_download(rig: Rig) -> None:
    media_id = await put_media(rig, "image/png", PNG)
    assert (await rig.sandbox.get(f"/graph/v23.0/{media_id}")).status == 401
    assert (await rig.sandbox.get(f"/media/{media_id}")).status == 401
    headers = {"Authorization": "Bearer any-token"}
    node = await (await rig.sandbox.get(f"/graph/v23.0/{media_id}", headers=headers)).json()
    assert (node["mime_type"], node["file_size"]) == ("image/png", len(PNG))
    download = await rig.sandbox.get(f"/media/{media_id}", headers=headers)
    assert await download.read() == PNG


async def test_after_five_unanswered_tries_the_file_is_failed_in_words(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    media_id = await put_media(rig, "image/png", PNG)
    line_id = await send_media(shopper, "image", media_id, "image/png")
    await rig.control("POST", "media/faults", {"next": [{"http_status": 502}] * MAX_TRIES})
    for _ in range(MAX_TRIES):
        assert await fetch(rig) == 1
        clock.advance(timedelta(minutes=6))
    data = await data_of(rig, line_id)
    assert (data["media_state"], data["media_reason"], data["media_tries"]) == (
        "failed",
        "unavailable",
        MAX_TRIES,
    )
    assert await fetch(rig) == 0
    chat, _ = await chat_of(rig)
    async with signed_in(rig) as staff:
        assert "файл не удалось загрузить" in (await staff.get(f"/admin/chats/{chat.id}")).text


async def test_a_private_groups_files_are_for_its_members_only(rig: Rig, shopper: Shopper) -> None:
    media_id = await put_media(rig, "image/png", PNG)
    line_id = await send_media(shopper, "image", media_id, "image/png")
    await shopper.text("оператор")
    await fetch(rig)
    services = rig.services
    now = services.clock.now()
    async with services.db.transaction() as session:
        groups = await load_groups(session)
        vip = Group(key="vip", title="VIP", private=True, members=["olga"])
        await merchant_settings.save(
            session, KEY, groups.model_copy(update={"groups": [*groups.groups, vip]}), now
        )
    chat, _ = await chat_of(rig)
    async with services.db.transaction() as session:
        desk = await session.get(DeskChat, chat.id)
        assert desk is not None
        desk.group_key = "vip"
    for name in ("ivan", "olga"):
        await add_user(services.db, name, Role.OPERATOR, PASSWORD, now, actor="cli")
    async with signed_in(rig, "ivan", PASSWORD) as outsider:
        assert (await outsider.get(f"/admin/media/{line_id}")).status_code == 403
    async with signed_in(rig, "olga", PASSWORD) as member:
        assert (await member.get(f"/admin/media/{line_id}")).content == PNG


@pytest.mark.parametrize(
    ("kind", "mime", "size", "reason"),
    [
        ("image", "image/jpeg", 5 * 1024 * 1024, None),
        ("image", "image/jpeg", 5 * 1024 * 1024 + 1, "size"),
        ("image", "image/gif", 10, "type"),
        ("audio", "audio/ogg; codecs=opus", 16 * 1024 * 1024, None),
        ("video", "video/mp4", 16 * 1024 * 1024 + 1, "size"),
        ("document", "application/pdf", 100 * 1024 * 1024, None),
        ("document", "text/html", 10, "type"),
        ("sticker", "image/webp", 500 * 1024 + 1, "size"),
    ],
)
def test_metas_caps_and_types_per_kind(kind: str, mime: str, size: int, reason: str | None) -> None:
    assert refusal(kind, mime, size, cap=100 * 1024 * 1024) == reason


def test_media_max_bytes_only_lowers_metas_caps() -> None:
    assert refusal("document", "application/pdf", 2_000, cap=1_000) == "size"
    assert refusal("image", "image/png", 5 * 1024 * 1024, cap=10 * 1024 * 1024) is None


async def test_a_graph_that_does_not_answer_in_time_is_tried_again(
    rig: Rig, shopper: Shopper, clock: FrozenClock
) -> None:
    media_id = await put_media(rig, "image/png", PNG)
    line_id = await send_media(shopper, "image", media_id, "image/png")
    settings = rig.services.settings
    source = GraphMedia(settings, timeout=0.2)
    fetcher = MediaFetcher(
        db=rig.services.db,
        clock=clock,
        source=source,
        directory=settings.media_dir,
        cap=settings.media_max_bytes,
    )
    try:
        await rig.control("POST", "media/faults", {"next": [{"delay_ms": 2000}]})
        await fetcher.run_once()
        data = await data_of(rig, line_id)
        assert (data["media_state"], data["media_tries"]) == ("retry", 1)
        clock.advance(timedelta(seconds=11))
        assert await fetcher.run_once() == 1
    finally:
        await source.aclose()
    assert (await data_of(rig, line_id))["media_state"] == "stored"
