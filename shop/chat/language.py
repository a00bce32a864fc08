"""The chat's language: which one a text is written in, and the one-time offer to switch.

A shop's chats start in Russian. A shopper who writes English (or, in an English chat,
Russian) is offered the other language once, with a button; nothing switches by itself,
because a brand name or a pasted product title is Latin script without being English.
"""

from __future__ import annotations

import re
from dataclasses import replace

from shop.chat import ids
from shop.chat.decision import Decision, SetLocale
from shop.chat.intents import Intent, Text
from shop.chat.replies import fit
from shop.chat.state import ChatState
from shop.chat.turn import Turn
from shop.texts import LOCALES, Locale, t
from shop.whatsapp.messages import BODY, ReplyButtons

_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CYRILLIC_WORD = re.compile(r"[а-яё]{2,}")
_CYRILLIC = re.compile(r"[а-яё]")
# Everyday English that product names rarely consist of: a text with these is a sentence.
_EVERYDAY = """
    a an the i i'm im me my mine you your we our us is are am was be do does did don't
    have has had can could would will should may please pls thanks thank hello hi hey
    good morning evening want need looking look buy order ordered how what where when which
    who why much many price cost costs available delivery deliver shipping pay payment
    in on of for to from with and or but not no yes it it's this that these those there
    any some get send help english speak
"""
ENGLISH_WORDS = frozenset(_EVERYDAY.split())
# Where a text is data (an address, an e-mail) or a person is answering, no offer is made.
_OFFER_STEPS = frozenset(
    {ChatState.NEW, ChatState.MENU, ChatState.BROWSING, ChatState.SEARCHING, ChatState.CART}
)


def written_in(text: str, *, first: bool) -> Locale | None:
    """ "en" for a text clearly in English, "ru" for one in Russian, else None.

    The first message of a chat needs one everyday English word ("Hi", "hello there"),
    a later one two, so that "The North Face" or "iPhone for kids" stays a search.
    """
    folded = text.casefold().replace("\u2019", "'")  # phones type a curly apostrophe
    if _CYRILLIC.search(folded):
        return "ru" if len(_CYRILLIC_WORD.findall(folded)) >= (1 if first else 2) else None
    hits = sum(word in ENGLISH_WORDS for word in _LATIN_WORD.findall(folded))
    return "en" if hits >= (1 if first else 2) else None


def other(locale: Locale) -> Locale:
    return "en" if locale == "ru" else "ru"


def switch_row_texts(locale: Locale) -> tuple[str, str]:
    """The menu row to the other language, titled in that language ("English", "Русский")."""
    target = other(locale)
    return t("language.name", target), t("language.switch", target)


def with_offer(turn: Turn, intent: Intent, decision: Decision) -> Decision:
    """The decision, plus an offer of the shopper's own language when they seem to write it."""
    if not isinstance(intent, Text) or turn.state not in _OFFER_STEPS:
        return decision
    if any(isinstance(e, SetLocale) for e in decision.effects):
        return decision
    current = turn.settings.locale
    wanted = written_in(intent.body, first=turn.state is ChatState.NEW)
    if wanted is None or wanted == current or wanted in decision.context.languages_offered:
        return decision
    if wanted not in turn.settings.languages:  # the merchant offers Russian only
        return decision
    buttons = (
        turn.plain_button(ids.Language(wanted), t("language.name", wanted)),
        turn.plain_button(ids.Language(current), t("language.name", current)),
    )
    offer = ReplyButtons(body=fit(t("language.offer", wanted), BODY), buttons=buttons)
    offered = (*decision.context.languages_offered, wanted)
    context = replace(decision.context, languages_offered=offered)
    return replace(decision, replies=(*decision.replies, offer), context=context)


def chosen(code: str, fallback: Locale) -> Locale:
    """A language id from a button (an old or foreign one falls back to the chat's)."""
    return next((loc for loc in LOCALES if loc == code), fallback)
