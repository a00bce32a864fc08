"""The go-live checks as pure functions: facts and remote answers in, a Verdict out."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from shop.texts import Locale, t

# Meta retries an unacknowledged webhook for 7 days; a live number hears from Meta (messages,
# statuses of what it sent) well within that.
WEBHOOK_RECENT = timedelta(days=7)


@dataclass(frozen=True)
class Verdict:
    """One line of the report: passed or not, what was found, and what to do if not."""

    ok: bool
    line: str
    fix: str = ""


@dataclass(frozen=True)
class Reply:
    """A remote GET's answer: its status and JSON body, or `failure` when none came."""

    status: int | None
    body: Any = None
    failure: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def why(self, locale: Locale) -> str:
        """Meta's or YooKassa's own words for a refusal, or the network's."""
        if self.status is None:
            return t("doctor.no_answer", locale, why=self.failure)
        body: dict[str, Any] = self.body if isinstance(self.body, dict) else {}
        error: dict[str, Any] = body["error"] if isinstance(body.get("error"), dict) else body
        code = error.get("code")
        message = error.get("message") or error.get("description") or ""
        code_part = f", code {code}" if code is not None else ""
        return f"HTTP {self.status}{code_part}: {message}".rstrip(": ")


def _fail(line: str, fix: str) -> Verdict:
    return Verdict(False, line, fix)


def base_url(url: str, *, sandbox: bool, locale: Locale) -> Verdict:
    if sandbox:
        return Verdict(True, t("doctor.base_url.sandbox", locale, url=url))
    fix = t("doctor.base_url.fix", locale)
    parts = urlsplit(url)
    if parts.scheme != "https":
        return _fail(t("doctor.base_url.not_https", locale, url=url), fix)
    if not _public_host(parts.hostname or ""):
        return _fail(t("doctor.base_url.local", locale, url=url), fix)
    return Verdict(True, t("doctor.base_url.ok", locale, url=url))


def _public_host(host: str) -> bool:
    if host == "localhost" or host.endswith((".local", ".localhost", ".internal")) or not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host  # a DNS name; a bare one ("web") is a container's
    return address.is_global


def secrets(
    values: Mapping[str, str | None], *, minimum: int, sandbox: bool, locale: Locale
) -> Verdict:
    """`values`: each production secret's setting name and its value (None when unset)."""
    if sandbox:
        return Verdict(True, t("doctor.secrets.sandbox", locale))
    weak = [name for name, value in values.items() if value is None or len(value) < minimum]
    if weak:
        line = t("doctor.secrets.bad", locale, min=minimum, names=", ".join(weak))
        return _fail(line, t("doctor.secrets.fix", locale))
    return Verdict(True, t("doctor.secrets.ok", locale, names=", ".join(values)))


GRAPH_TOKEN_CODES = {190, 102, 463, 467}  # Meta's "access token" errors (OAuthException)


def _graph_code(reply: Reply) -> int | None:
    error = reply.body.get("error") if isinstance(reply.body, dict) else None
    return error.get("code") if isinstance(error, dict) else None


def graph_token(phone: Reply, *, locale: Locale) -> Verdict:
    """From the phone number's read: a 401 or a token error code means the token is refused."""
    if phone.status == 401 or _graph_code(phone) in GRAPH_TOKEN_CODES or phone.status is None:
        line = t("doctor.token.refused", locale, why=phone.why(locale))
        return _fail(line, t("doctor.token.fix", locale))
    return Verdict(True, t("doctor.token.ok", locale))


def phone_number(phone: Reply, phone_number_id: str, *, locale: Locale) -> Verdict:
    if not phone.ok:
        line = t("doctor.phone.bad", locale, id=phone_number_id, why=phone.why(locale))
        return _fail(line, t("doctor.phone.fix", locale))
    body = phone.body if isinstance(phone.body, dict) else {}
    line = t(
        "doctor.phone.ok",
        locale,
        number=body.get("display_phone_number", phone_number_id),
        name=body.get("verified_name", "?"),
        rating=body.get("quality_rating", "?"),
    )
    return Verdict(True, line)


def webhook_subscribed(apps: Reply | None, waba_id: str, *, locale: Locale) -> Verdict:
    """`apps`: the answer to GET /{waba}/subscribed_apps, None when no WABA id is set."""
    if apps is None:
        return _fail(t("doctor.waba.none", locale), t("doctor.waba.fix", locale))
    fix = t("doctor.subscribed.fix", locale, waba=waba_id)
    if not apps.ok:
        return _fail(t("doctor.subscribed.bad", locale, waba=waba_id, why=apps.why(locale)), fix)
    data = apps.body.get("data") if isinstance(apps.body, dict) else None
    names = [
        str((item.get("whatsapp_business_api_data") or {}).get("name") or "?")
        for item in data or ()
        if isinstance(item, dict)
    ]
    if not names:
        return _fail(t("doctor.subscribed.none", locale, waba=waba_id), fix)
    return Verdict(True, t("doctor.subscribed.ok", locale, waba=waba_id, apps=", ".join(names)))


def webhook_seen(
    latest: datetime | None,
    now: datetime,
    *,
    webhook_url: str,
    shown: str,
    sandbox: bool,
    locale: Locale,
) -> Verdict:
    """`latest`: when the newest webhook item was stored; `shown`: that moment as the page
    shows times."""
    fix = t("doctor.webhook.fix", locale, url=webhook_url)
    if latest is None:
        if sandbox:
            return Verdict(True, t("doctor.webhook.sandbox", locale))
        return _fail(t("doctor.webhook.none", locale), fix)
    if now - latest > WEBHOOK_RECENT and not sandbox:
        line = t("doctor.webhook.old", locale, when=shown, days=WEBHOOK_RECENT.days)
        return _fail(line, fix)
    return Verdict(True, t("doctor.webhook.ok", locale, when=shown))


def catalog(reply: Reply | None, catalog_id: str | None, *, locale: Locale) -> Verdict:
    fix = t("doctor.catalog.fix", locale)
    if reply is None or not catalog_id:
        return _fail(t("doctor.catalog.none", locale), fix)
    if not reply.ok:
        return _fail(t("doctor.catalog.bad", locale, id=catalog_id, why=reply.why(locale)), fix)
    name = reply.body.get("name", "?") if isinstance(reply.body, dict) else "?"
    return Verdict(True, t("doctor.catalog.ok", locale, id=catalog_id, name=name))


def yookassa(me: Reply, shop_id: str, *, sandbox: bool, locale: Locale) -> Sequence[Verdict]:
    """`GET /me`: the keys are accepted; outside the sandbox the shop must also be a live one
    that issues 54-FZ receipts (every payment carries a receipt)."""
    if not me.ok:
        line = t("doctor.yookassa.refused", locale, shop=shop_id, why=me.why(locale))
        return [_fail(line, t("doctor.yookassa.fix", locale))]
    if sandbox:
        return [Verdict(True, t("doctor.yookassa.sandbox", locale, shop=shop_id))]
    body = me.body if isinstance(me.body, dict) else {}
    found = []
    if body.get("test") is True:
        line = t("doctor.yookassa.test", locale, shop=shop_id)
        found.append(_fail(line, t("doctor.yookassa.test_fix", locale)))
    if body.get("fiscalization_enabled") is False:
        line = t("doctor.yookassa.no_receipts", locale, shop=shop_id)
        found.append(_fail(line, t("doctor.yookassa.no_receipts_fix", locale)))
    return found or [Verdict(True, t("doctor.yookassa.ok", locale, shop=shop_id))]


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(
    networks: Sequence[Network],
    published: Sequence[Network],
    *,
    proxies: Sequence[Network],
    sandbox: bool,
    locale: Locale,
) -> Verdict:
    """YooKassa's sources, and the reverse proxy whose X-Forwarded-For names them: without
    it every notification seems to come from the proxy and is refused."""
    if sandbox:
        return Verdict(True, t("doctor.networks.sandbox", locale))
    if not proxies:
        return _fail(t("doctor.proxies.none", locale), t("doctor.proxies.fix", locale))
    fix = t("doctor.networks.fix", locale)
    shown = ", ".join(str(n) for n in networks)
    if not networks:
        return _fail(t("doctor.networks.empty", locale), fix)
    # A network as wide as a /8 is no check of YooKassa's source at all.
    if any(n.prefixlen < (8 if n.version == 4 else 16) for n in networks):
        return _fail(t("doctor.networks.open", locale, networks=shown), fix)
    if set(networks) == set(published):
        return Verdict(True, t("doctor.networks.default", locale))
    return Verdict(True, t("doctor.networks.ok", locale, networks=shown))


def delivery(titles: Sequence[str], *, configured: bool, sandbox: bool, locale: Locale) -> Verdict:
    """`titles`: what a shopper is offered now; `configured`: whether the merchant set them."""
    if configured:
        return Verdict(True, t("doctor.delivery.ok", locale, options=", ".join(titles)))
    if sandbox:
        return Verdict(True, t("doctor.delivery.sandbox", locale))
    line = t("doctor.delivery.none", locale, options=", ".join(titles))
    return _fail(line, t("doctor.delivery.fix", locale))
