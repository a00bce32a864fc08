"""Marketing consent as an append-only history of events, and the one-step opt-out routes."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shop.texts import locale_of, t

# The opt-out quick reply every marketing template carries; the payload is fixed so that
# a tap is recognised whichever template or step it came from.
OPT_OUT_PAYLOAD = "mkt_stop"
# Meta's error when a shopper has stopped marketing messages in the WhatsApp client.
MARKETING_STOPPED_ERROR = 131050


class Purpose(StrEnum):
    MARKETING = "marketing"


class ConsentKind(StrEnum):
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"
    RESUMED = "resumed"  # undoes a withdrawal; grants nothing that was never given


class ConsentSource(StrEnum):
    CHAT_BUTTON = "chat_button"
    CHAT_KEYWORD = "chat_keyword"
    QR_CODE = "qr_code"
    CONTRACT = "contract"
    WEB_FORM = "web_form"
    PAPER_FORM = "paper_form"
    IN_STORE = "in_store"
    CSV_IMPORT = "csv_import"
    OPT_OUT_BUTTON = "opt_out_button"
    USER_PREFERENCES = "user_preferences"
    DELIVERY_FAILURE = "delivery_failure"


class ConsentState(StrEnum):
    NONE = "none"  # never asked: no marketing
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ConsentEvent:
    """One fact in a shopper's consent history; events are appended, never edited."""

    shopper: str  # E.164 digits (wa_id)
    kind: ConsentKind
    source: ConsentSource
    at: datetime
    purpose: Purpose = Purpose.MARKETING

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("consent events need an aware datetime")


def current_state(
    events: Iterable[ConsentEvent], purpose: Purpose = Purpose.MARKETING
) -> ConsentState:
    """Replay the history in time order (ties in the given order); the latest event decides."""
    relevant = sorted((e for e in events if e.purpose is purpose), key=lambda e: e.at)
    state = ConsentState.NONE
    ever_granted = False
    for event in relevant:
        if event.kind is ConsentKind.GRANTED:
            state, ever_granted = ConsentState.GRANTED, True
        elif event.kind is ConsentKind.WITHDRAWN:
            state = ConsentState.WITHDRAWN
        elif ever_granted:
            state = ConsentState.GRANTED
    return state


class Intent(StrEnum):
    OPT_OUT = "opt_out"
    RESUME = "resume"
    SUBSCRIBE = "subscribe"


_WORDS = {
    "stop": Intent.OPT_OUT,
    "стоп": Intent.OPT_OUT,
    "отписаться": Intent.OPT_OUT,
    "отписка": Intent.OPT_OUT,
    "unsubscribe": Intent.OPT_OUT,
    "resume": Intent.RESUME,
    "возобновить": Intent.RESUME,
    "подписаться": Intent.SUBSCRIBE,
}


def _squeeze(text: str) -> str:
    """Keep only letters and digits, case-folded, ё as е: `  С т о п!!! ` → `стоп`."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return "".join(ch for ch in folded if ch.isalnum())


def classify_text(text: str) -> Intent | None:
    """A whole message that is one of the keywords; `не стоп-кран` is not one."""
    if len(text) > 64:  # a long message is a conversation, never a bare keyword
        return None
    return _WORDS.get(_squeeze(text))


_INTENT_KIND = {
    Intent.OPT_OUT: ConsentKind.WITHDRAWN,
    Intent.RESUME: ConsentKind.RESUMED,
    Intent.SUBSCRIBE: ConsentKind.GRANTED,
}


def event_from_text(shopper: str, text: str, at: datetime) -> ConsentEvent | None:
    intent = classify_text(text)
    if intent is None:
        return None
    return ConsentEvent(shopper, _INTENT_KIND[intent], ConsentSource.CHAT_KEYWORD, at)


def event_from_button(shopper: str, payload: str, at: datetime) -> ConsentEvent | None:
    if payload != OPT_OUT_PAYLOAD:
        return None
    return ConsentEvent(shopper, ConsentKind.WITHDRAWN, ConsentSource.OPT_OUT_BUTTON, at)


def event_from_user_preferences(
    shopper: str, category: str, value: str, at: datetime
) -> ConsentEvent | None:
    """Meta's `user_preferences` change: `marketing_messages` with `stop` or `resume`."""
    if category != "marketing_messages":
        return None
    kinds = {"stop": ConsentKind.WITHDRAWN, "resume": ConsentKind.RESUMED}
    kind = kinds.get(value.strip().lower())
    return None if kind is None else ConsentEvent(shopper, kind, ConsentSource.USER_PREFERENCES, at)


def event_from_failure(shopper: str, error_code: int, at: datetime) -> ConsentEvent | None:
    """A marketing send failed with 131050: the shopper stopped marketing in WhatsApp."""
    if error_code != MARKETING_STOPPED_ERROR:
        return None
    return ConsentEvent(shopper, ConsentKind.WITHDRAWN, ConsentSource.DELIVERY_FAILURE, at)


def granted_in_chat(shopper: str, at: datetime) -> ConsentEvent:
    """The shopper tapped the consent button in the chat."""
    return ConsentEvent(shopper, ConsentKind.GRANTED, ConsentSource.CHAT_BUTTON, at)


def confirmation(kind: ConsentKind, lang: str = "ru") -> str:
    """The one short service reply that confirms a consent change (texts in `shop.texts`)."""
    return t(f"consent.{kind.value}", locale_of(lang))


def needs_confirmation(before: ConsentState, after: ConsentState, event: ConsentEvent) -> bool:
    """Answer the shopper's own chat action once; Meta's stop/resume is confirmed by WhatsApp."""
    if event.source not in {ConsentSource.CHAT_KEYWORD, ConsentSource.OPT_OUT_BUTTON}:
        return False
    # A repeated "stop" is answered again: the shopper wants to know it worked.
    return after is not before or after is ConsentState.WITHDRAWN
