"""The red banners as pure rules over a snapshot: each fires on its fault, names the fix, and
stays quiet when the fault is over."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from shop.dashboard.banners import (
    DOCTOR,
    RULES,
    Banner,
    GraphProbe,
    Snapshot,
    banner_rule,
    banners,
    current_quality,
)
from shop.reminders.guard import Quality

NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
HEALTHY = Snapshot(
    now=NOW,
    sandbox=False,
    latest_webhook=NOW - timedelta(minutes=1),
    latest_sent=NOW - timedelta(minutes=2),
    templates={("order_link", "ru"): "APPROVED", ("cart_reminder", "ru"): "APPROVED"},
    needed_templates=("order_link", "cart_reminder"),
)


def keys(snapshot: Snapshot) -> list[str]:
    return [b.key for b in banners(snapshot)]


def test_a_healthy_shop_shows_no_banner() -> None:
    assert banners(HEALTHY) == []


def test_a_send_refused_for_the_token_shows_the_token_banner_with_its_fix() -> None:
    refused = replace(HEALTHY, token_refused_at=NOW - timedelta(seconds=30))
    [banner] = banners(refused)
    assert banner.key == "token"
    assert "не принимает токен" in banner.message
    assert "WHATSAPP_ACCESS_TOKEN" in banner.fix
    assert banner.href == DOCTOR
    # A message accepted after the refusal means the token works again.
    assert keys(replace(refused, latest_sent=NOW - timedelta(seconds=5))) == []


def test_a_probe_refused_with_a_token_code_shows_the_token_banner() -> None:
    probe = GraphProbe(checked_at=NOW, status=400, code=190)
    assert keys(replace(HEALTHY, probe=probe)) == ["token"]
    assert keys(replace(HEALTHY, probe=GraphProbe(checked_at=NOW, status=401))) == ["token"]
    # Another refusal (a wrong phone number id) is the doctor's business, not the token's.
    assert keys(replace(HEALTHY, probe=GraphProbe(checked_at=NOW, status=400, code=100))) == []


def test_no_webhook_ever_in_production_is_a_banner_but_not_in_the_sandbox() -> None:
    never = replace(HEALTHY, latest_webhook=None, latest_sent=None)
    [banner] = banners(never)
    assert (banner.key, banner.message) == (
        "webhook",
        "От Meta не пришло ни одного вебхука: магазин не видит сообщения покупателей.",
    )
    assert "/webhooks/whatsapp" in banner.fix
    assert keys(replace(never, sandbox=True)) == []


def test_messages_sent_with_no_webhook_after_them_show_the_silent_webhook_banner() -> None:
    sent = NOW - timedelta(minutes=20)
    silent = replace(HEALTHY, latest_sent=sent, latest_webhook=sent - timedelta(hours=3))
    [banner] = banners(silent)
    assert banner.key == "webhook"
    assert "перестали приходить" in banner.message
    # Within the grace Meta's status may still be on its way; a status after it clears it.
    assert keys(replace(silent, latest_sent=NOW - timedelta(minutes=5))) == []
    assert keys(replace(silent, latest_webhook=sent + timedelta(seconds=2))) == []
    # A send older than a day says nothing about today.
    assert keys(replace(silent, latest_sent=NOW - timedelta(days=2))) == []


def test_a_paused_or_rejected_template_is_named_with_its_status_in_russian() -> None:
    templates = {("order_link", "ru"): "PAUSED", ("cart_reminder", "ru"): "REJECTED"}
    [banner] = banners(replace(HEALTHY, templates=templates))
    assert banner.key == "templates"
    assert banner.message == (
        "Шаблоны сообщений не работают: order_link — приостановлен; cart_reminder — отклонён."
    )
    assert "shop templates sync" in banner.fix


def test_a_template_the_service_never_heard_of_is_left_to_the_doctor_page() -> None:
    only_link = {("order_link", "ru"): "APPROVED"}
    assert keys(replace(HEALTHY, templates=only_link)) == []
    assert keys(replace(HEALTHY, templates={})) == []
    # Pending review is not broken yet; an English copy does not stand in for Russian.
    pending = {**only_link, ("cart_reminder", "ru"): "PENDING", ("cart_reminder", "en"): "PAUSED"}
    assert keys(replace(HEALTHY, templates=pending)) == []


def test_quality_yellow_or_red_from_the_webhook_or_the_probe_is_a_banner() -> None:
    flagged = replace(HEALTHY, quality_event="FLAGGED", quality_event_at=NOW)
    [banner] = banners(flagged)
    assert banner.message.startswith("Качество номера у Meta — жёлтое")
    red = replace(HEALTHY, probe=GraphProbe(checked_at=NOW, status=200, quality="RED"))
    assert [b.message[:30] for b in banners(red)] == ["Качество номера у Meta — красн"]
    assert keys(replace(HEALTHY, quality_event="UNFLAGGED", quality_event_at=NOW)) == []


def test_the_newer_of_the_quality_webhook_and_the_probe_wins() -> None:
    earlier, later = NOW - timedelta(hours=1), NOW
    probe_green = GraphProbe(checked_at=later, status=200, quality="GREEN")
    both = replace(HEALTHY, quality_event="FLAGGED", quality_event_at=earlier, probe=probe_green)
    assert current_quality(both) is Quality.GREEN
    newer_event = replace(both, quality_event_at=later + timedelta(minutes=1))
    assert current_quality(newer_event) is Quality.YELLOW


def test_sync_errors_link_to_the_products_refused() -> None:
    [banner] = banners(replace(HEALTHY, sync_errors=3))
    assert banner.message == "Каталог WhatsApp не принял 3 товара."
    assert banner.href == "/admin/catalog?state=error"


def test_a_rule_another_feature_registers_shows_after_the_built_in_ones() -> None:
    def always(snapshot: Snapshot) -> Banner | None:
        return Banner("extra", "сломано", "починить") if snapshot.sync_errors == 7 else None

    registered = banner_rule(always)
    try:
        assert keys(replace(HEALTHY, sync_errors=7)) == ["sync", "extra"]
        assert keys(HEALTHY) == []
    finally:
        RULES.remove(registered)
