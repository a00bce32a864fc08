"""A chat's place on the desk as an explicit state machine (pure).

`bot` — the bot answers; `waiting` — handed over, no one has taken it yet; `assigned` — an
operator (or the merchant's own WhatsApp Business app) answers and the bot is silent;
`closed` — a person finished it, and the bot answers again until the next handover.
"""

from __future__ import annotations

from enum import StrEnum


class DeskState(StrEnum):
    BOT = "bot"
    WAITING = "waiting"
    ASSIGNED = "assigned"
    CLOSED = "closed"


class Move(StrEnum):
    HANDOVER = "handover"  # the bot (or the shopper) asks for a person
    TAKE = "take"  # an operator takes it, or round-robin gives it to one
    TRANSFER = "transfer"  # to another group (waiting again) or operator (assigned)
    HANDBACK = "handback"  # to the bot
    CLOSE = "close"
    ECHO = "echo"  # the merchant answered from the WhatsApp Business app
    MENU = "menu"  # the shopper typed an explicit menu command: back to the bot


S = DeskState
# (state, move) → the next state; a pair not listed is refused.
TRANSITIONS: dict[tuple[DeskState, Move], DeskState] = {
    (S.BOT, Move.HANDOVER): S.WAITING,
    (S.CLOSED, Move.HANDOVER): S.WAITING,
    (S.WAITING, Move.HANDOVER): S.WAITING,
    (S.ASSIGNED, Move.HANDOVER): S.ASSIGNED,  # asking again keeps the operator
    (S.BOT, Move.TAKE): S.ASSIGNED,
    (S.CLOSED, Move.TAKE): S.ASSIGNED,
    (S.WAITING, Move.TAKE): S.ASSIGNED,
    (S.ASSIGNED, Move.TAKE): S.ASSIGNED,  # taking over from a colleague
    (S.WAITING, Move.TRANSFER): S.WAITING,
    (S.ASSIGNED, Move.TRANSFER): S.WAITING,
    (S.WAITING, Move.HANDBACK): S.BOT,
    (S.ASSIGNED, Move.HANDBACK): S.BOT,
    (S.WAITING, Move.CLOSE): S.CLOSED,
    (S.ASSIGNED, Move.CLOSE): S.CLOSED,
    (S.BOT, Move.ECHO): S.ASSIGNED,
    (S.WAITING, Move.ECHO): S.ASSIGNED,
    (S.CLOSED, Move.ECHO): S.ASSIGNED,
    (S.ASSIGNED, Move.ECHO): S.ASSIGNED,
    (S.WAITING, Move.MENU): S.BOT,
    (S.ASSIGNED, Move.MENU): S.BOT,
}
# The states in which a person owns the conversation and the bot keeps quiet.
WITH_PERSON = frozenset({S.WAITING, S.ASSIGNED})


class IllegalMove(ValueError):
    def __init__(self, state: DeskState, move: Move) -> None:
        super().__init__(f"{move} is not possible from {state}")
        self.state, self.move = state, move


def next_state(state: DeskState, move: Move) -> DeskState:
    """The state after `move`, or IllegalMove."""
    try:
        return TRANSITIONS[(state, move)]
    except KeyError:
        raise IllegalMove(state, move) from None


def allowed_moves(state: DeskState) -> frozenset[Move]:
    return frozenset(move for (at, move) in TRANSITIONS if at is state)
