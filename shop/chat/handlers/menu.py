"""The menu and everything around it: free text, a person, my orders, consent, odd messages."""

from __future__ import annotations

from dataclasses import replace

from shop.chat import handover, ids, screens
from shop.chat.decision import (
    Decision,
    RecordConsent,
    ReleaseOperator,
    SetLocale,
    ShowMyOrders,
    ShowShop,
)
from shop.chat.handlers import browse, cart, checkout
from shop.chat.intents import CartSent, Intent, Text
from shop.chat.language import chosen
from shop.chat.search import normalize
from shop.chat.state import ChatState
from shop.chat.turn import Turn
from shop.whatsapp.messages import TextMessage

MENU_WORDS = frozenset(
    [
        "меню",
        "menu",
        "старт",
        "start",
        "начать",
        "привет",
        "здравствуйте",
        "hello",
        "hi",
        "назад",
        "back",
        "бот",
        "bot",
    ]
)
# Typed commands that mean the same as a menu row.
COMMANDS: dict[str, ids.Action] = {
    "каталог": ids.Categories(),
    "catalog": ids.Categories(),
    "категории": ids.Categories(),
    "корзина": ids.ViewCart(),
    "cart": ids.ViewCart(),
    "поиск": ids.StartSearch(),
    "search": ids.StartSearch(),
    "заказы": ids.MyOrders(),
    "мои заказы": ids.MyOrders(),
    "orders": ids.MyOrders(),
    "оператор": ids.Operator(),
    "человек": ids.Operator(),
    "менеджер": ids.Operator(),
    "operator": ids.Operator(),
    "оформить": ids.Checkout(),
    "checkout": ids.Checkout(),
    "english": ids.Language("en"),
    "in english": ids.Language("en"),
    "английский": ids.Language("en"),
    "по английски": ids.Language("en"),
    "русский": ids.Language("ru"),
    "по русски": ids.Language("ru"),
    "russian": ids.Language("ru"),
}


def is_menu_word(intent: Intent) -> bool:
    return isinstance(intent, Text) and normalize(intent.body) in MENU_WORDS


def command_of(intent: Text) -> ids.Action | None:
    return COMMANDS.get(normalize(intent.body))


def on_welcome(turn: Turn, intent: Intent) -> Decision:
    context = replace(turn.context.without_checkout(), query=None)
    return turn.decide(screens.welcome(turn), state=ChatState.MENU, context=context)


def on_menu(turn: Turn, act: ids.Menu) -> Decision:
    return on_welcome(turn, Text(""))


def on_text(turn: Turn, intent: Text) -> Decision:
    """Free text outside a step that expects it: a command, else a search, else the menu."""
    if not normalize(intent.body):
        return turn.decide(screens.welcome(turn, turn.t("welcome.unknown")), state=ChatState.MENU)
    answered = handover.faq_answer(turn, intent.body)
    if answered is not None:
        return answered
    searched = browse.search_or_none(turn, intent.body)
    if searched is not None:
        return searched
    intro = turn.t("welcome.unknown")
    missed = turn.decide(screens.welcome(turn, intro), state=ChatState.MENU)
    if MENU_WORDS & set(normalize(intent.body).split()):
        return missed  # a greeting with more words («привет 2»): the menu answers it
    return handover.after_miss(turn, missed)


def on_cart_text(turn: Turn, intent: Text) -> Decision:
    typed = cart.quantity_typed(turn, intent)
    return typed if typed is not None else on_text(turn, intent)


def on_operator(turn: Turn, act: ids.Operator) -> Decision:
    return handover.to_person(turn, "asked")


def on_waiting(turn: Turn, intent: Intent) -> Decision:
    """While a person is called, the bot stays silent; a native cart is still kept."""
    if is_menu_word(intent):
        decision = on_welcome(turn, intent)
        return replace(decision, effects=(ReleaseOperator(),))
    if isinstance(intent, CartSent):
        kept = cart.on_cart_sent(turn, intent)
        return turn.decide(ops=kept.cart_ops, context=kept.context)
    return turn.decide()


def on_my_orders(turn: Turn, act: ids.MyOrders) -> Decision:
    """The orders live in storage: the caller lists them (with page links) after this."""
    return turn.decide(state=ChatState.MENU, effects=(ShowMyOrders(),))


def on_about(turn: Turn, act: ids.AboutShop) -> Decision:
    """The profile lives in storage: the caller shows it after this."""
    return turn.decide(state=ChatState.MENU, effects=(ShowShop(),))


def on_ask_consent(turn: Turn, act: ids.AskConsent) -> Decision:
    reply = checkout.consent_question(turn, "menu")
    context = replace(turn.context, consent_asked=True)
    return turn.decide(reply, state=ChatState.MENU, context=context)


def on_consent(turn: Turn, act: ids.ConsentAnswer) -> Decision:
    source = act.source if act.source in ("menu", "after_order") else "menu"
    reply = TextMessage(body=turn.t("consent.yes" if act.granted else "consent.no"))
    context = replace(turn.context, consent_asked=True)
    effect = RecordConsent(act.granted, source)
    return turn.decide(reply, state=ChatState.MENU, context=context, effects=(effect,))


def on_language(turn: Turn, act: ids.Language) -> Decision:
    """The chat's language from now on: this reply and every later text use it."""
    locale = chosen(act.code, turn.settings.locale)
    if locale not in turn.settings.languages:
        locale = turn.settings.locale
    switched = replace(turn, settings=replace(turn.settings, locale=locale))
    effects = (SetLocale(locale),) if locale != turn.settings.locale else ()
    menu = screens.welcome(switched, switched.t("language.chosen"))
    context = replace(turn.context.without_checkout(), query=None)
    return turn.decide(menu, state=ChatState.MENU, context=context, effects=effects)


def on_media(turn: Turn, intent: Intent) -> Decision:
    intro = turn.t("media.unsupported")
    return turn.decide(screens.welcome(turn, intro), state=ChatState.MENU)


def on_location(turn: Turn, intent: Intent) -> Decision:
    intro = turn.t("location.unexpected")
    return turn.decide(screens.welcome(turn, intro), state=ChatState.MENU)


def on_stale(turn: Turn, intent: Intent) -> Decision:
    """An id we cannot read (an old button, or a foreign template payload)."""
    return turn.decide(screens.welcome(turn, turn.t("welcome.stale")), state=ChatState.MENU)
