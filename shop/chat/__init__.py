"""The shopping chat: pure intents, ids, state machine, search and decisions, and the handler
that applies a decision to carts, orders and replies in one transaction."""
