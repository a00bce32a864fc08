"""Failures described without their values: the shared core, and the words each describer
(the dead letters', the inbox's, the logs') gives on top of it."""

from __future__ import annotations

import sqlite3

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError

from shop.logsafe import reason
from shop.whatsapp.inbox_worker import error_text
from webhooks.errors import invalid, problems
from webhooks.intake import Unparseable, describe

SECRET = "+79991234567 secret"


class Inner(BaseModel):
    n: int


class Order(BaseModel):
    a: int
    inner: Inner
    items: list[int] = []
    notes: dict[str, int] = {}


def refused(data: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Order.model_validate(data)
    return caught.value


NESTED = refused({"a": SECRET, "inner": {"n": SECRET}})
ROOT = refused(SECRET)
MANY = refused({"a": "x", "inner": {"n": "y"}, "items": ["a", "b", "c", "d", "e"]})
KEYED = refused({"a": 1, "inner": {"n": 1}, "notes": {"79991234567": SECRET}})


def test_the_problems_are_places_and_kinds_never_the_input() -> None:
    assert problems(NESTED) == [("a", "int_parsing"), ("inner.n", "int_parsing")]
    assert problems(ROOT) == [("", "model_type")]
    assert SECRET not in repr(problems(KEYED))


def test_an_invalid_model_names_its_places() -> None:
    assert invalid(NESTED) == "invalid Order: a: int_parsing; inner.n: int_parsing"
    assert invalid(ROOT) == "invalid Order: value: model_type"


@pytest.mark.parametrize(
    ("exc", "dead_letter", "log", "inbox"),
    [
        (
            NESTED,
            "invalid Order: a: int_parsing; inner.n: int_parsing",
            "2 invalid: a (int_parsing); inner.n (int_parsing)",
            "ValidationError: invalid Order: a: int_parsing; inner.n: int_parsing",
        ),
        (
            ROOT,
            "invalid Order: value: model_type",
            "1 invalid: <root> (model_type)",
            "ValidationError: invalid Order: value: model_type",
        ),
        (
            MANY,
            "invalid Order: a: int_parsing; inner.n: int_parsing; items.0: int_parsing; "
            "items.1: int_parsing; items.2: int_parsing; items.3: int_parsing; "
            "items.4: int_parsing",
            "7 invalid: a (int_parsing); inner.n (int_parsing); items.0 (int_parsing); "
            "items.1 (int_parsing); items.2 (int_parsing) and 2 more",
            "ValidationError: invalid Order: a: int_parsing; inner.n: int_parsing; "
            "items.0: int_parsing; items.1: int_parsing; items.2: int_parsing; "
            "items.3: int_parsing; items.4: int_parsing",
        ),
        (
            KEYED,
            "invalid Order: notes.79991234567: int_parsing",
            "1 invalid: notes.79991234567 (int_parsing)",
            "ValidationError: invalid Order: notes.79991234567: int_parsing",
        ),
        (
            Unparseable("id is missing"),
            "id is missing",
            "id is missing",
            "Unparseable: id is missing",
        ),
        (RuntimeError("boom\nsecond line"), "RuntimeError", "boom", "RuntimeError: boom"),
        (RuntimeError(), "RuntimeError", "", "RuntimeError"),
        (
            IntegrityError("INSERT", {"a": SECRET}, sqlite3.IntegrityError("UNIQUE failed: t.c")),
            "IntegrityError",
            "sqlite: UNIQUE failed: t.c",
            "IntegrityError: IntegrityError: UNIQUE failed: t.c",
        ),
    ],
)
def test_each_describer_keeps_its_words(
    exc: BaseException, dead_letter: str, log: str, inbox: str
) -> None:
    assert (describe(exc), reason(exc), error_text(exc)) == (dead_letter, log, inbox)
