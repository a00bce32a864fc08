"""Fixtures of the desk's tests: the chat's rig (service and sandbox over loopback)."""

from __future__ import annotations

from tests.chat.conftest import clock, rig, shopper

__all__ = ["clock", "rig", "shopper"]
