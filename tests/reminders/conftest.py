"""Fixtures of the reminder tests."""

from __future__ import annotations

from tests.reminders.test_scheduler import clock, rig

__all__ = ["clock", "rig"]
