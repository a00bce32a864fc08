"""`shop doctor`'s checks on fakes: a ready production shop passes each, a broken one fails
each with its fix."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from shop.doctor import checks
from shop.doctor.checks import Reply
from shop.doctor.cli import render
from shop.doctor.run import Probes, examine
from shop.reminders.config import NudgeStep
from shop.settings import Settings
from tests.sandbox.conftest import PHONE_NUMBER_ID, WABA_ID

NOW = datetime(2026, 12, 4, 15, 37, tzinfo=UTC)
CATALOG_ID = "300000000000001"
STRONG = "0123456789abcdef0123"


def production(**changes: Any) -> Settings:
    values: dict[str, Any] = {
        "public_base_url": "https://shop.example.ru",
        "whatsapp_access_token": "EAAG-permanent-token",
        "whatsapp_phone_number_id": PHONE_NUMBER_ID,
        "whatsapp_business_account_id": WABA_ID,
        "whatsapp_catalog_id": CATALOG_ID,
        "whatsapp_app_secret": STRONG,
        "whatsapp_verify_token": STRONG,
        "admin_token": STRONG,
        "yookassa_shop_id": "123456",
        "yookassa_secret_key": "live_" + STRONG,
        "trusted_proxies": "127.0.0.1/32",
    }
    return Settings(_env_file=None, **{**values, **changes})  # type: ignore[call-arg]


ORDER_LINK = {
    "name": "order_link",
    "language": "ru",
    "status": "APPROVED",
    "category": "UTILITY",
    "components": [
        {"type": "BODY", "text": "Заказ № {{1}} оформлен."},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "URL", "text": "Открыть", "url": "https://shop.example.ru/o/{{1}}"}
            ],
        },
    ],
}
ORDER_UPDATE = {
    **ORDER_LINK,
    "name": "order_update",
    "components": [
        {"type": "BODY", "text": "Новости по заказу № {{1}}: {{2}}."},
        ORDER_LINK["components"][1],
    ],
}
CSAT = {
    "name": "csat",
    "language": "ru",
    "status": "APPROVED",
    "category": "UTILITY",
    "components": [
        {"type": "BODY", "text": "Оцените, как мы помогли: от 1 до 5."},
        {
            "type": "BUTTONS",
            "buttons": [{"type": "QUICK_REPLY", "text": str(n)} for n in range(1, 6)],
        },
    ],
}
CART_REMINDER = {
    "name": "cart_reminder",
    "language": "ru",
    "status": "APPROVED",
    "category": "MARKETING",
    "components": [
        {"type": "BODY", "text": "{{1}}, в корзине товаров на {{2}}."},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "QUICK_REPLY", "text": "К корзине"},
                {"type": "QUICK_REPLY", "text": "Отписаться"},
            ],
        },
    ],
}


@dataclass
class FakeRemote:
    answers: dict[str, Reply]

    async def get(self, path: str) -> Reply:
        return self.answers.get(path, Reply(404, {"error": {"code": 100, "message": "nope"}}))


@dataclass
class FakeTemplates:
    items: list[dict[str, Any]]

    async def template_pages(self, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        return self.items, None


@dataclass
class FakeBooks:
    latest: datetime | None = NOW - timedelta(hours=2)
    titles: list[str] = field(default_factory=lambda: ["Курьер по Москве", "Самовывоз"])
    configured: bool = True

    async def latest_webhook(self) -> datetime | None:
        return self.latest

    async def delivery(self) -> tuple[list[str], bool]:
        return self.titles, self.configured

    async def reminder_steps(self) -> Sequence[NudgeStep]:
        return (NudgeStep(timedelta(hours=1), "cart_reminder"),)


def ready_graph() -> FakeRemote:
    return FakeRemote(
        {
            PHONE_NUMBER_ID: Reply(
                200,
                {
                    "display_phone_number": "+7 900 000-00-00",
                    "verified_name": "Чайная лавка",
                    "quality_rating": "GREEN",
                },
            ),
            f"{WABA_ID}/subscribed_apps": Reply(
                200, {"data": [{"whatsapp_business_api_data": {"id": "1", "name": "Витрина"}}]}
            ),
            CATALOG_ID: Reply(200, {"id": CATALOG_ID, "name": "Чай"}),
        }
    )


def live_yookassa(**me: Any) -> FakeRemote:
    body = {"account_id": "123456", "test": False, "fiscalization_enabled": True, **me}
    return FakeRemote({"me": Reply(200, body)})


async def test_a_ready_production_shop_passes_every_check() -> None:
    probes = Probes(
        ready_graph(),
        FakeTemplates([ORDER_LINK, ORDER_UPDATE, CSAT, CART_REMINDER]),
        live_yookassa(),
        FakeBooks(),
    )
    verdicts = await examine(production(), probes, now=NOW, locale="ru")
    assert [v.line for v in verdicts if not v.ok] == []
    assert len(verdicts) == 14
    text = render(verdicts, "ru")
    assert "ОК   Номер +7 900 000-00-00 (Чайная лавка) доступен, рейтинг качества GREEN" in text
    assert "Последний вебхук от Meta пришёл 04.12.2026 16:37" in text  # in the shop's zone
    assert text.endswith("Всё готово к работе.\n")


async def test_a_broken_configuration_fails_every_check_with_its_fix() -> None:
    token_refused = Reply(401, {"error": {"code": 190, "message": "Error validating access token"}})
    graph = FakeRemote(
        {
            PHONE_NUMBER_ID: token_refused,
            f"{WABA_ID}/subscribed_apps": Reply(200, {"data": []}),
            CATALOG_ID: Reply(400, {"error": {"code": 100, "message": "Unsupported get request"}}),
        }
    )
    paused = {**CART_REMINDER, "status": "PAUSED"}
    templates = FakeTemplates([paused])  # and no order_link at all
    yookassa = FakeRemote({"me": Reply(401, {"code": "invalid_credentials"})})
    books = FakeBooks(latest=None, titles=["Доставка по согласованию"], configured=False)
    settings = production(
        public_base_url="http://127.0.0.1:8080", yookassa_trusted_networks="0.0.0.0/0"
    )
    verdicts = await examine(
        settings, Probes(graph, templates, yookassa, books), now=NOW, locale="en"
    )
    failed = [v for v in verdicts if not v.ok]
    assert [v.line for v in verdicts if v.ok] == [
        "Secrets set and long enough: "
        "WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, ADMIN_TOKEN, YOOKASSA_SECRET_KEY"
    ]
    assert all(v.fix for v in failed)
    lines = [v.line for v in failed]
    assert lines == [
        "Public address http://127.0.0.1:8080 is not HTTPS",
        "Meta refuses the Graph API token: HTTP 401, code 190: Error validating access token",
        f"Number WHATSAPP_PHONE_NUMBER_ID={PHONE_NUMBER_ID} not reachable: "
        "HTTP 401, code 190: Error validating access token",
        f"No app is subscribed to the webhooks of account {WABA_ID}",
        "No webhook from Meta has arrived",
        "Template order_link (ru) is not in the account",
        "Template order_update (ru) is not in the account",
        "Template csat (ru) is not in the account",
        "Template cart_reminder (ru) is PAUSED, not APPROVED",
        f"Catalog {CATALOG_ID} not reachable: HTTP 400, code 100: Unsupported get request",
        "YooKassa refuses the keys of shop 123456: HTTP 401, code invalid_credentials",
        "YOOKASSA_TRUSTED_NETWORKS lets anyone in: 0.0.0.0/0",
        "Delivery not set up: shoppers are offered only “Доставка по согласованию”",
    ]
    assert "https://127.0.0.1:8080" not in render(verdicts, "en")
    assert render(verdicts, "en").endswith("Checks failed: 13.\n")


def test_the_base_url_must_be_https_and_public() -> None:
    def ok(url: str) -> bool:
        return checks.base_url(url, sandbox=False, locale="en").ok

    assert ok("https://shop.example.ru")
    assert not ok("http://shop.example.ru")
    assert not ok("https://localhost:8443")
    assert not ok("https://192.168.1.10")
    assert not ok("https://web")  # a container's name
    assert checks.base_url("http://127.0.0.1:8080", sandbox=True, locale="en").ok


def test_short_or_missing_secrets_are_named() -> None:
    verdict = checks.secrets(
        {"ADMIN_TOKEN": "short", "WHATSAPP_APP_SECRET": None, "WHATSAPP_VERIFY_TOKEN": STRONG},
        minimum=16,
        sandbox=False,
        locale="en",
    )
    assert not verdict.ok
    assert verdict.line == "Unset or shorter than 16 characters: ADMIN_TOKEN, WHATSAPP_APP_SECRET"
    assert "openssl rand -hex 16" in verdict.fix


def test_a_network_failure_is_a_refusal_with_its_reason() -> None:
    lost = Reply(None, failure="All connection attempts failed")
    verdict = checks.graph_token(lost, locale="en")
    assert (verdict.ok, verdict.line) == (
        False,
        "Meta refuses the Graph API token: no answer: All connection attempts failed",
    )


def test_a_test_yookassa_shop_or_one_without_receipts_is_not_ready() -> None:
    me = Reply(200, {"account_id": "1", "test": True, "fiscalization_enabled": False})
    verdicts = checks.yookassa(me, "1", sandbox=False, locale="en")
    assert [v.line for v in verdicts] == [
        "YooKassa shop 1 is a test shop: no money moves",
        "YooKassa shop 1 has no 54-FZ receipts enabled",
    ]


def test_an_old_webhook_is_not_recent() -> None:
    verdict = checks.webhook_seen(
        NOW - timedelta(days=8),
        NOW,
        webhook_url="u",
        shown="26.11.2026 18:37",
        sandbox=False,
        locale="en",
    )
    assert not verdict.ok
    assert verdict.line == "Last webhook from Meta arrived 26.11.2026 18:37, over 7 days ago"


def test_templates_with_the_wrong_parameters_or_buttons_say_what_is_wrong() -> None:
    from shop.doctor.templates import template_verdicts

    no_button = {**ORDER_LINK, "components": ORDER_LINK["components"][:1]}
    one_param = {
        **CART_REMINDER,
        "components": [
            {"type": "BODY", "text": "Вернитесь, {{1}}"},
            CART_REMINDER["components"][1],
        ],
    }
    marketing_survey = {**CSAT, "category": "MARKETING"}
    one_news_param = {
        **ORDER_UPDATE,
        "components": [{"type": "BODY", "text": "Заказ {{1}}."}, ORDER_LINK["components"][1]],
    }
    verdicts = template_verdicts(
        [no_button, one_news_param, marketing_survey, one_param],
        [NudgeStep(timedelta(hours=1), "cart_reminder")],
        locale="en",
    )
    assert [v.line for v in verdicts] == [
        "Template order_link (ru): it needs a URL button to the order page: …/o/ and the "
        "parameter at the end",
        "Template order_update (ru): the body needs 2 parameter(s)",
        "Template csat (ru): its category must be UTILITY",
        "Template cart_reminder (ru): The template's parameters do not match the reminder",
    ]


def test_trusted_networks_default_to_yookassas_own() -> None:
    published = Settings.model_fields["yookassa_trusted_networks"].default
    proxy = [ipaddress.ip_network("127.0.0.1/32")]

    def verdict(networks: Any, proxies: Any = proxy) -> checks.Verdict:
        return checks.trusted_networks(
            networks, published, proxies=proxies, sandbox=False, locale="en"
        )

    assert verdict(published) == checks.Verdict(
        True, "YooKassa notifications accepted from its published networks only"
    )
    assert verdict([ipaddress.ip_network("185.71.76.0/27")]).ok
    assert not verdict([]).ok
    behind = verdict(published, proxies=[])
    assert not behind.ok
    assert behind.fix.startswith("list the proxy's addresses in TRUSTED_PROXIES")
