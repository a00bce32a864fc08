"""The behaviour settings and the clock of the control API."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.conftest import control

DEFAULTS = {
    "messages_per_second": 80.0,
    "pair_rate_burst": 45,
    "pair_rate_window_s": 6.0,
    "statuses": True,
    "read_ratio": 1.0,
    "skip_delivered_ratio": 0.0,
    "duplicate_ratio": 0.0,
    "reorder_ratio": 0.0,
    "webhook_batch_max": 10,
    "seed": 1,
}


async def test_defaults_are_metas_limits_and_deterministic_statuses(sandbox: Any) -> None:
    config = await control(sandbox, "GET", "config")
    assert {key: config[key] for key in DEFAULTS} == DEFAULTS


async def test_partial_update_changes_only_the_given_keys(sandbox: Any) -> None:
    updated = await control(
        sandbox, "POST", "config", {"messages_per_second": 1000, "reorder_ratio": 0.25}
    )
    assert updated["messages_per_second"] == 1000
    assert updated["reorder_ratio"] == 0.25
    assert updated["pair_rate_burst"] == 45
    assert await control(sandbox, "GET", "config") == updated


@pytest.mark.parametrize(
    "change",
    [
        {"no_such_setting": 1},
        {"read_ratio": 1.5},
        {"statuses": "yes"},
        {"webhook_batch_max": 0},
        {"pair_rate_burst": 2.5},
        {"messages_per_second": 0},
        {"seed": True},
    ],
)
async def test_bad_settings_are_refused_and_nothing_changes(
    sandbox: Any, change: dict[str, Any]
) -> None:
    before = await control(sandbox, "GET", "config")
    response = await sandbox.post("/control/config", json=change)
    assert response.status == 400
    assert "error" in await response.json()
    assert await control(sandbox, "GET", "config") == before


async def test_clock_advances_and_freezes(sandbox: Any) -> None:
    frozen = await control(sandbox, "POST", "clock", {"frozen": True})
    assert frozen["frozen"] is True
    moved = await control(sandbox, "POST", "clock", {"advance_seconds": 3600})
    assert moved["timestamp"] == frozen["timestamp"] + 3600
    thawed = await control(sandbox, "POST", "clock", {"frozen": False})
    assert thawed["frozen"] is False
    assert thawed["timestamp"] >= moved["timestamp"]


async def test_clock_refuses_going_back(sandbox: Any) -> None:
    response = await sandbox.post("/control/clock", json={"advance_seconds": -5})
    assert response.status == 400
