"""Failures of the catalog's work that its callers tell apart."""

from __future__ import annotations


class SyncAuthError(Exception):
    """Meta refused our token: syncing again will not help until the merchant fixes it."""


class ChildFailed(RuntimeError):
    """A catalog job's child process ended without an outcome, or with an unexpected error."""
