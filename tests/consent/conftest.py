"""Fixtures of the consent tests."""

from __future__ import annotations

from tests.reminders.test_scheduler import clock, rig

__all__ = ["clock", "rig"]
