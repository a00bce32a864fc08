"""Red banners: a registry of pure rules over one `Snapshot` of what the service knows.

A rule looks at the snapshot and returns a `Banner` (what is broken and the fix, in the
merchant's words) or None. Nothing here calls Meta: the snapshot is read from the database
(the inbox, the outbox, templates as `templates sync` and Meta's webhooks left them, the
catalog's sync state, and the last Graph probe recorded by `probe.py`).

Another feature adds its own rule with the decorator:

    @banner_rule
    def my_rule(snapshot: Snapshot) -> Banner | None: ...

A rule counts once its module is imported: here, or in a module `board.py` imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shop.reminders.guard import Quality, parse_quality, quality_from_event
from shop.texts import t

DOCTOR = "/admin/doctor"
# Meta echoes a `sent` status within seconds of accepting a message; a quarter of an hour
# without any webhook after a send is no delay any more.
WEBHOOK_GRACE = timedelta(minutes=15)
# A send older than a day says nothing about whether webhooks arrive now.
# Undelivered order news is counted over a week: long enough to be noticed, then it fades.
NEWS_HORIZON = timedelta(days=7)
SEND_HORIZON = timedelta(days=1)
BAD_TEMPLATE = frozenset({"PAUSED", "REJECTED", "DISABLED", "PENDING_DELETION", "DELETED"})
LANGUAGE = "ru"  # the language Vitrina sends its templates in


@dataclass(frozen=True)
class GraphProbe:
    """The last read of the phone number from the Graph API (`probe.py` records it)."""

    checked_at: datetime
    status: int | None  # HTTP status; None when no answer came
    code: int | None = None  # Meta's error code, when refused
    quality: str | None = None  # the number's quality_rating, when read


@dataclass(frozen=True)
class Snapshot:
    """What the service knows now about its own health, read in one go for the rules."""

    now: datetime
    sandbox: bool
    latest_webhook: datetime | None = None  # the newest item Meta posted to the inbox
    latest_sent: datetime | None = None  # the newest message the Graph API accepted
    token_refused_at: datetime | None = None  # the newest send refused for the token
    probe: GraphProbe | None = None
    quality_event: str | None = None  # the newest `phone_number_quality_update` event
    quality_event_at: datetime | None = None
    # (name, language) → status, as `templates sync` and Meta's status webhooks stored them
    templates: Mapping[tuple[str, str], str] = field(default_factory=dict)
    needed_templates: tuple[str, ...] = ()  # every template Vitrina sends now
    sync_errors: int = 0  # products Meta refused as they are now
    undelivered_news: int = 0  # order news the shopper could not be told in NEWS_HORIZON
    failed_news: int = 0  # order news given up after its last try, in NEWS_HORIZON


@dataclass(frozen=True)
class Banner:
    key: str  # a stable name (tests, the page's element id)
    message: str  # what is broken
    fix: str  # what to do about it
    href: str = DOCTOR  # where the fix starts


Rule = Callable[[Snapshot], Banner | None]
RULES: list[Rule] = []


def banner_rule(rule: Rule) -> Rule:
    """Register a rule; banners show in the order the rules were registered."""
    RULES.append(rule)
    return rule


def banners(snapshot: Snapshot, rules: Iterable[Rule] | None = None) -> list[Banner]:
    found = (rule(snapshot) for rule in (RULES if rules is None else rules))
    return [b for b in found if b is not None]


# Meta's "access token" errors (OAuthException); shop/doctor/checks.py reads them the same way.
TOKEN_CODES = frozenset({190, 102, 463, 467})


def probe_refused(probe: GraphProbe | None) -> bool:
    return probe is not None and (probe.status == 401 or probe.code in TOKEN_CODES)


@banner_rule
def token_refused(s: Snapshot) -> Banner | None:
    """The probe's last read or a send since the last accepted one was refused for the token."""
    refused = [
        at
        for at in (
            s.probe.checked_at if probe_refused(s.probe) and s.probe else None,
            s.token_refused_at,
        )
        if at is not None
    ]
    if not refused or (s.latest_sent is not None and max(refused) < s.latest_sent):
        return None
    return Banner("token", t("dashboard.banner.token"), t("dashboard.banner.token.fix"))


@banner_rule
def webhook_missing(s: Snapshot) -> Banner | None:
    fix = t("dashboard.banner.webhook.fix")
    if s.latest_webhook is None and not s.sandbox:
        return Banner("webhook", t("dashboard.banner.webhook.never"), fix)
    sent = s.latest_sent
    if sent is None or not s.now - SEND_HORIZON <= sent <= s.now - WEBHOOK_GRACE:
        return None
    if s.latest_webhook is not None and s.latest_webhook >= sent:
        return None
    return Banner("webhook", t("dashboard.banner.webhook.silent"), fix)


@banner_rule
def templates_blocked(s: Snapshot) -> Banner | None:
    """A template Vitrina sends is paused, rejected or disabled, as the last `templates sync`
    or Meta's status webhook left it. One the service never heard of is not called missing
    here: a status webhook alone fills the table partly, so absence proves nothing; the
    doctor page asks Meta for the whole list."""
    wrong = []
    for name in s.needed_templates:
        status = s.templates.get((name, LANGUAGE))
        if status is not None and status.upper() in BAD_TEMPLATE:
            label = t(f"dashboard.template.{status.lower()}")
            wrong.append(t("dashboard.banner.templates.one", name=name, status=label))
    if not wrong:
        return None
    message = t("dashboard.banner.templates", names="; ".join(wrong))
    return Banner("templates", message, t("dashboard.banner.templates.fix"))


def current_quality(s: Snapshot) -> Quality | None:
    """The number's rating from whichever is newer: Meta's quality webhook or the probe."""
    by_event = quality_from_event(s.quality_event) if s.quality_event else None
    by_probe = parse_quality(s.probe.quality) if s.probe and s.probe.quality else None
    if by_event is None or by_probe is None:
        return by_event or by_probe
    event_at = s.quality_event_at
    if s.probe is not None and (event_at is None or s.probe.checked_at > event_at):
        return by_probe
    return by_event


@banner_rule
def quality_low(s: Snapshot) -> Banner | None:
    quality = current_quality(s)
    if quality not in (Quality.YELLOW, Quality.RED):
        return None
    message = t("dashboard.banner.quality", rating=t(f"dashboard.quality.{quality.lower()}"))
    return Banner("quality", message, t("dashboard.banner.quality.fix"))


@banner_rule
def order_news_undelivered(s: Snapshot) -> Banner | None:
    """Order news (shipped, canceled, …) went nowhere: outside the 24-hour window and with no
    approved `order_update` template. Each one is listed on its order's page."""
    if s.undelivered_news <= 0:
        return None
    message = t("lifecycle.banner.news", count=s.undelivered_news)
    return Banner("order-news", message, t("lifecycle.banner.news.fix"), href="/admin/templates")


@banner_rule
def order_news_failed(s: Snapshot) -> Banner | None:
    """Order news still undelivered after its last try (orders/news_schedule.py): nothing
    will send it now, so a person has to tell the shopper."""
    if s.failed_news <= 0:
        return None
    message = t("lifecycle.banner.news_failed", count=s.failed_news)
    fix = t("lifecycle.banner.news_failed.fix")
    return Banner("order-news-failed", message, fix, href="/admin/orders")


@banner_rule
def sync_errors(s: Snapshot) -> Banner | None:
    if s.sync_errors <= 0:
        return None
    message = t("dashboard.banner.sync", count=s.sync_errors)
    fix = t("dashboard.banner.sync.fix")
    return Banner("sync", message, fix, href="/admin/catalog?state=error")
