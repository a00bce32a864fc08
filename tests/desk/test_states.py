"""The desk's state machine: which moves each state allows and where they lead."""

from __future__ import annotations

import pytest

from shop.desk.states import TRANSITIONS, DeskState, IllegalMove, Move, allowed_moves, next_state


def test_a_handover_makes_a_bot_chat_wait_and_a_take_assigns_it() -> None:
    waiting = next_state(DeskState.BOT, Move.HANDOVER)
    assert waiting is DeskState.WAITING
    assert next_state(waiting, Move.TAKE) is DeskState.ASSIGNED


def test_a_closed_or_bot_chat_cannot_be_closed_or_handed_back_again() -> None:
    for state in (DeskState.BOT, DeskState.CLOSED):
        for move in (Move.CLOSE, Move.HANDBACK, Move.TRANSFER, Move.MENU):
            with pytest.raises(IllegalMove):
                next_state(state, move)


def test_transfer_puts_an_assigned_chat_back_in_a_queue() -> None:
    assert next_state(DeskState.ASSIGNED, Move.TRANSFER) is DeskState.WAITING


def test_an_echo_from_the_business_app_assigns_the_chat_from_every_state() -> None:
    for state in DeskState:
        assert next_state(state, Move.ECHO) is DeskState.ASSIGNED


def test_every_state_has_a_way_out_and_every_target_is_a_state() -> None:
    for state in DeskState:
        assert allowed_moves(state)
    assert set(TRANSITIONS.values()) <= set(DeskState)
