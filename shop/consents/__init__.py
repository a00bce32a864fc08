"""Consent storage: the append-only history of marketing consents, and its import."""
