"""The shopping conversation: pure intents, ids, state machine, search and decisions."""
