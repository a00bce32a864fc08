"""Handlers of the conversation, one module per part of the journey."""
