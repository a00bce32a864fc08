"""YooKassa notification intake: who may post (addresses, proxies) and what a body claims."""

from __future__ import annotations

import ipaddress
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from yookassa.domain.notification import WebhookNotificationFactory

from payments.yookassa import parse_payment, parse_refund
from shop.settings import Settings
from webhooks.yookassa import (
    MAX_BODY,
    Network,
    NotificationError,
    client_address,
    inbox_row,
    is_trusted_source,
    make_handler,
    parse_address,
    parse_notification,
    receive,
)

PAYLOADS = Path(__file__).resolve().parents[1] / "payloads" / "yookassa"
NETWORKS = Settings.model_fields["yookassa_trusted_networks"].default  # the published ranges
PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("fd00::/8"))


def trusted(peer: str | None, xff: str | list[str] | None = None) -> bool:
    return is_trusted_source(peer, xff, networks=NETWORKS, trusted_proxies=PROXIES)


@pytest.mark.parametrize(
    "peer",
    ["185.71.76.5", "185.71.77.31", "77.75.156.11", "77.75.154.200", "2a02:5180:0:1509::1"],
)
def test_yookassa_addresses_are_trusted(peer: str) -> None:
    assert trusted(peer)


@pytest.mark.parametrize(
    "peer", ["77.75.156.12", "127.0.0.1", "185.71.76.32", "2a03::1", "10.1.2.3", "::1"]
)
def test_other_addresses_are_not(peer: str) -> None:
    assert not trusted(peer)


def test_ipv4_mapped_ipv6_peers_are_judged_as_ipv4() -> None:
    assert trusted("::ffff:185.71.76.5")
    assert not trusted("::ffff:127.0.0.1")
    assert parse_address("::ffff:185.71.76.5") == ipaddress.ip_address("185.71.76.5")


@pytest.mark.parametrize("garbage", ["", "not-an-ip", "999.1.1.1", "185.71.76", "::ffff:zz", None])
def test_garbage_addresses_are_refused_without_raising(garbage: str | None) -> None:
    assert not trusted(garbage)
    assert not trusted("10.0.0.1", garbage)


def test_forwarded_for_counts_only_behind_our_proxy() -> None:
    assert trusted("10.0.0.1", "185.71.76.5")
    assert not trusted("203.0.113.9", "185.71.76.5")  # anyone can write the header
    assert trusted("185.71.76.5", "203.0.113.9")  # the peer itself is YooKassa


def test_the_right_most_hop_that_is_not_our_proxy_is_the_sender() -> None:
    # The shopper-controlled left part is ignored; the hop our proxy saw decides.
    assert trusted("10.0.0.1", "185.71.76.5, 10.0.0.7") is True
    assert not trusted("10.0.0.1", "185.71.76.5, 203.0.113.9")
    assert trusted("10.0.0.1", ["203.0.113.9", "185.71.76.5, 10.9.9.9"])
    assert client_address("10.0.0.1", "1.1.1.1, 185.71.76.5", PROXIES) == ipaddress.ip_address(
        "185.71.76.5"
    )


def test_forwarded_for_with_ports_brackets_and_mapped_forms_is_normalised() -> None:
    assert trusted("10.0.0.1", "185.71.76.5:43122")
    assert trusted("[fd00::1]:8443", "[2a02:5180:0:1509::7]:443")
    assert trusted("::ffff:10.0.0.1", "::ffff:185.71.76.5")


def test_a_garbage_hop_from_a_trusted_proxy_makes_the_chain_untrusted() -> None:
    assert not trusted("10.0.0.1", "185.71.76.5, garbage")


@pytest.mark.parametrize(
    "name", ["payment.succeeded", "payment.canceled", "payment.waiting_for_capture"]
)
def test_recorded_payment_notifications_parse_to_event_and_ids(name: str) -> None:
    raw = (PAYLOADS / f"{name}.json").read_bytes()
    note = parse_notification(raw)
    data = json.loads(raw)
    assert (note.type, note.event) == ("notification", name)
    assert note.object_id == note.payment_id == data["object"]["id"]
    assert note.object_status == data["object"]["status"]
    assert note.raw == raw.decode()
    assert note.dedup_key == f"yookassa:{name}:{note.object_id}"
    # The same payloads are valid for the official SDK and for our payment reader.
    assert WebhookNotificationFactory().create(data).object.id == note.object_id
    assert parse_payment(data["object"]).id == note.object_id


def test_a_refund_notification_names_the_refund_and_its_payment() -> None:
    raw = (PAYLOADS / "refund.succeeded.json").read_bytes()
    note = parse_notification(raw)
    assert note.object_id == "2e9a2a10-0015-5000-9000-1ad1c4b0a7e2"
    assert note.payment_id == "2e9a1c8f-000f-5000-9000-1b6ac2e4d1f0"
    assert parse_refund(json.loads(raw)["object"]).payment_id == note.payment_id


def test_unknown_events_and_missing_objects_are_tolerated_but_not_actionable() -> None:
    unknown = parse_notification((PAYLOADS / "unknown_event.json").read_bytes())
    assert unknown.event == "deal.closed"
    assert unknown.actionable
    empty = parse_notification((PAYLOADS / "no_object.json").read_bytes())
    assert empty.object_id is None
    assert not empty.actionable
    assert empty.dedup_key.startswith("yookassa:body:")


@pytest.mark.parametrize("body", [b"", b"not json", b"[1,2]", b'"text"', b"\xff\xfe"])
def test_bodies_that_are_not_json_objects_are_refused(body: bytes) -> None:
    with pytest.raises(NotificationError):
        parse_notification(body)


def test_receive_refuses_untrusted_senders_and_keeps_nothing() -> None:
    body = (PAYLOADS / "payment.succeeded.json").read_bytes()
    intake = receive(peer="203.0.113.9", forwarded_for=None, body=body, networks=NETWORKS)
    assert intake.status == 403
    assert not intake.keep
    assert intake.notification is None


def test_receive_keeps_trusted_notifications_and_even_unreadable_ones() -> None:
    body = (PAYLOADS / "payment.succeeded.json").read_bytes()
    good = receive(peer="185.71.76.5", forwarded_for=None, body=body, networks=NETWORKS)
    assert good.keep
    assert good.notification is not None
    assert good.notification.event == "payment.succeeded"
    odd = receive(peer="185.71.76.5", forwarded_for=None, body=b"<xml/>", networks=NETWORKS)
    assert odd.keep
    assert odd.notification is not None
    assert odd.notification.raw == "<xml/>"
    assert not odd.notification.actionable


def test_duplicate_notifications_share_one_inbox_key() -> None:
    body = (PAYLOADS / "payment.succeeded.json").read_bytes()
    now = datetime(2026, 11, 20, 9, 16, tzinfo=UTC)
    first = inbox_row(parse_notification(body), now)
    again = inbox_row(parse_notification(body), now)
    assert first["dedup_key"] == again["dedup_key"]
    assert first["payload"] == body.decode()
    assert first["payment_id"] == "2e9a1c8f-000f-5000-9000-1b6ac2e4d1f0"


async def posted(
    aiohttp_client: object,
    networks: tuple[Network, ...],
    proxies: tuple[Network, ...] = (),
    *,
    body: bytes,
    headers: dict[str, str] | None = None,
    failing: bool = False,
) -> tuple[int, list[dict[str, Any]]]:
    stored: list[dict[str, Any]] = []

    async def store(row: dict[str, Any]) -> None:
        if failing:
            raise RuntimeError("database is down")
        stored.append(row)

    app = web.Application()
    handler = make_handler(
        networks=networks,
        trusted_proxies=proxies,
        store=store,
        now=lambda: datetime(2026, 11, 20, tzinfo=UTC),
    )
    app.router.add_post("/webhooks/yookassa", handler)
    client: TestClient = await aiohttp_client(app)  # type: ignore[operator]
    response = await client.post("/webhooks/yookassa", data=body, headers=headers or {})
    return response.status, stored


LOCAL = (ipaddress.ip_network("127.0.0.0/8"),)


async def test_the_handler_stores_a_trusted_notification_then_answers_200(
    aiohttp_client: object,
) -> None:
    body = (PAYLOADS / "payment.succeeded.json").read_bytes()
    status, stored = await posted(aiohttp_client, LOCAL, body=body)
    assert status == 200
    assert [row["event"] for row in stored] == ["payment.succeeded"]


async def test_the_handler_refuses_an_untrusted_sender_and_keeps_nothing(
    aiohttp_client: object,
) -> None:
    body = (PAYLOADS / "payment.succeeded.json").read_bytes()
    status, stored = await posted(aiohttp_client, NETWORKS, body=body)
    assert (status, stored) == (403, [])
    forged = {"X-Forwarded-For": "185.71.76.5"}  # the peer is no proxy of ours
    status, stored = await posted(aiohttp_client, NETWORKS, body=body, headers=forged)
    assert (status, stored) == (403, [])


async def test_the_handler_honours_forwarded_for_from_our_proxy(aiohttp_client: object) -> None:
    body = (PAYLOADS / "refund.succeeded.json").read_bytes()
    headers = {"X-Forwarded-For": "203.0.113.1, 185.71.76.5"}
    status, stored = await posted(aiohttp_client, NETWORKS, LOCAL, body=body, headers=headers)
    assert status == 200
    assert stored[0]["object_id"] == "2e9a2a10-0015-5000-9000-1ad1c4b0a7e2"


async def test_the_handler_answers_500_when_storing_fails_so_yookassa_retries(
    aiohttp_client: object,
) -> None:
    body = (PAYLOADS / "payment.succeeded.json").read_bytes()
    status, stored = await posted(aiohttp_client, LOCAL, body=body, failing=True)
    assert status == 500
    assert stored == []


async def test_the_handler_refuses_a_body_no_notification_has(aiohttp_client: object) -> None:
    body = b'{"event": "payment.succeeded", "pad": "' + b"x" * MAX_BODY + b'"}'
    status, stored = await posted(aiohttp_client, LOCAL, body=body)
    assert (status, stored) == (413, [])


@pytest.mark.parametrize(
    ("event", "object_id"),
    [
        ("payment.succeeded", "a/b"),
        ("payment.succeeded", "x" * 65),  # wider than the column
        ("payment.succeeded", "../refunds"),
        ("payment." + "s" * 80, "2e9a1c8f-000f-5000-9000-1b6ac2e4d1f0"),
    ],
)
def test_values_not_of_yookassas_shape_make_a_notification_not_actionable(
    event: str, object_id: str
) -> None:
    body = json.dumps({"event": event, "object": {"id": object_id, "status": "succeeded"}})
    note = parse_notification(body.encode())
    assert not note.actionable
    assert note.payment_id is None
    row = inbox_row(note, datetime(2026, 11, 20, tzinfo=UTC))
    assert all(len(row[k] or "") <= 64 for k in ("event", "object_id", "payment_id"))
