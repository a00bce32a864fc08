"""The pure decision core: a chat's step, an intent and read-only views in, a Decision out."""

from __future__ import annotations

from dataclasses import replace

from shop.chat.decision import Decision
from shop.chat.intents import Intent
from shop.chat.language import with_offer
from shop.chat.routing import route
from shop.chat.state import ChatState, Context, can_move
from shop.chat.turn import Turn
from shop.chat.views import Cart, CatalogView, SettingsView


def decide(
    state: ChatState,
    intent: Intent,
    catalog_view: CatalogView,
    cart: Cart,
    settings_view: SettingsView,
    context: Context | None = None,
) -> Decision:
    """Route the intent by (step, kind) and return what to say, change and do; no I/O."""
    context = context or Context()
    # What the last turn showed is this turn's to read, not to carry further.
    carried = replace(context, viewed=None)
    turn = Turn(state, carried, catalog_view, cart, settings_view, viewed=context.viewed)
    decision = with_offer(turn, intent, route(turn, intent)(turn, intent))
    if decision.context.misses and decision.context.misses == turn.context.misses:
        decision = replace(decision, context=replace(decision.context, misses=0))  # understood
    if not can_move(state, decision.next_state):
        raise RuntimeError(f"handler moved {state} → {decision.next_state}, not in the table")
    return decision
