"""Fixtures of the reminder tests."""

from __future__ import annotations

from tests.nudging.test_scheduler import clock, rig

__all__ = ["clock", "rig"]
