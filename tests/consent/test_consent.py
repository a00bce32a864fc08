"""Consent history and every opt-out and resume route."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.consent.rules import (
    OPT_OUT_PAYLOAD,
    ConsentEvent,
    ConsentKind,
    ConsentSource,
    ConsentState,
    Intent,
    classify_text,
    confirmation,
    current_state,
    event_from_button,
    event_from_failure,
    event_from_text,
    event_from_user_preferences,
    granted_in_chat,
    needs_confirmation,
)

T0 = datetime(2027, 3, 1, 10, tzinfo=UTC)
PHONE = "79001234567"
PAYLOADS = Path(__file__).resolve().parents[1] / "payloads" / "whatsapp"


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "stop",
        "Stop!",
        "  stop.  ",
        "СТОП",
        "стоп",
        "Стоп!!!",
        "с т о п",
        "ОТПИСАТЬСЯ",
        "отписаться",
        "Отписка",
        "unsubscribe",
        "Unsubscribe.",
        "«стоп»",
        "stop 🙏",
    ],
)
def test_each_opt_out_word_opts_out(text: str) -> None:
    assert classify_text(text) is Intent.OPT_OUT
    event = event_from_text(PHONE, text, T0)
    assert event == ConsentEvent(PHONE, ConsentKind.WITHDRAWN, ConsentSource.CHAT_KEYWORD, T0)


@pytest.mark.parametrize(
    "text",
    [
        "не стоп-кран",
        "стоп-кран",
        "stop sending me this please",
        "стоп, а где мой заказ?",
        "stopper",
        "стопка",
        "отписаться?? а как оплатить",
        "",
        "   ",
        "unsubscribed",
    ],
)
def test_a_keyword_inside_a_longer_message_does_not_opt_out(text: str) -> None:
    assert classify_text(text) is None
    assert event_from_text(PHONE, text, T0) is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [("resume", Intent.RESUME), ("Возобновить", Intent.RESUME), ("подписаться!", Intent.SUBSCRIBE)],
)
def test_resume_and_subscribe_words(text: str, intent: Intent) -> None:
    assert classify_text(text) is intent


def test_a_long_message_is_never_a_keyword() -> None:
    assert classify_text("стоп" + " " * 100) is None


def test_the_opt_out_button_payload_opts_out() -> None:
    event = event_from_button(PHONE, OPT_OUT_PAYLOAD, T0)
    assert event is not None
    assert event.kind is ConsentKind.WITHDRAWN
    assert event.source is ConsentSource.OPT_OUT_BUTTON
    assert event_from_button(PHONE, "cart_open", T0) is None


def test_user_preferences_stop_and_resume() -> None:
    stop = event_from_user_preferences(PHONE, "marketing_messages", "stop", T0)
    resume = event_from_user_preferences(PHONE, "marketing_messages", "resume", at(1))
    assert stop is not None
    assert resume is not None
    assert (stop.kind, stop.source) == (ConsentKind.WITHDRAWN, ConsentSource.USER_PREFERENCES)
    assert resume.kind is ConsentKind.RESUMED
    assert event_from_user_preferences(PHONE, "other", "stop", T0) is None
    assert event_from_user_preferences(PHONE, "marketing_messages", "maybe", T0) is None


def test_a_131050_failure_records_the_opt_out() -> None:
    event = event_from_failure(PHONE, 131050, T0)
    assert event is not None
    assert (event.kind, event.source) == (ConsentKind.WITHDRAWN, ConsentSource.DELIVERY_FAILURE)
    assert event_from_failure(PHONE, 131049, T0) is None
    assert event_from_failure(PHONE, 131026, T0) is None


def test_no_history_means_no_consent() -> None:
    assert current_state([]) is ConsentState.NONE


def test_the_latest_event_decides_and_history_is_kept() -> None:
    stop = event_from_text(PHONE, "стоп", at(2))
    resume = event_from_text(PHONE, "возобновить", at(3))
    assert stop is not None
    assert resume is not None
    history = [granted_in_chat(PHONE, at(0)), stop]
    assert current_state(history) is ConsentState.WITHDRAWN
    history.append(resume)
    assert current_state(history) is ConsentState.GRANTED
    assert len(history) == 3
    assert current_state(history[:2]) is ConsentState.WITHDRAWN


def test_events_are_replayed_in_time_order_whatever_the_list_order() -> None:
    history = [
        ConsentEvent(PHONE, ConsentKind.WITHDRAWN, ConsentSource.USER_PREFERENCES, at(5)),
        ConsentEvent(PHONE, ConsentKind.GRANTED, ConsentSource.QR_CODE, at(1)),
    ]
    assert current_state(history) is ConsentState.WITHDRAWN


def test_resume_restores_only_a_consent_that_was_given() -> None:
    resumed = ConsentEvent(PHONE, ConsentKind.RESUMED, ConsentSource.USER_PREFERENCES, at(1))
    assert current_state([resumed]) is ConsentState.NONE
    subscribed = event_from_text(PHONE, "подписаться", at(2))
    assert subscribed is not None
    assert current_state([resumed, subscribed]) is ConsentState.GRANTED


def test_a_new_explicit_consent_re_enables_after_an_opt_out() -> None:
    history = [
        ConsentEvent(PHONE, ConsentKind.GRANTED, ConsentSource.CONTRACT, at(0)),
        ConsentEvent(PHONE, ConsentKind.WITHDRAWN, ConsentSource.DELIVERY_FAILURE, at(1)),
        ConsentEvent(PHONE, ConsentKind.GRANTED, ConsentSource.WEB_FORM, at(2)),
    ]
    assert current_state(history) is ConsentState.GRANTED


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        ConsentEvent(PHONE, ConsentKind.GRANTED, ConsentSource.QR_CODE, datetime(2027, 1, 1))  # noqa: DTZ001


def test_the_shopper_gets_one_confirmation_for_a_chat_opt_out() -> None:
    event = event_from_text(PHONE, "STOP", T0)
    assert event is not None
    assert needs_confirmation(ConsentState.GRANTED, ConsentState.WITHDRAWN, event)
    assert "отписались" in confirmation(ConsentKind.WITHDRAWN)
    assert "unsubscribed" in confirmation(ConsentKind.WITHDRAWN, "en")


def test_meta_side_changes_are_not_confirmed_in_chat() -> None:
    stop = event_from_user_preferences(PHONE, "marketing_messages", "stop", T0)
    failure = event_from_failure(PHONE, 131050, T0)
    assert stop is not None
    assert failure is not None
    assert not needs_confirmation(ConsentState.GRANTED, ConsentState.WITHDRAWN, stop)
    assert not needs_confirmation(ConsentState.GRANTED, ConsentState.WITHDRAWN, failure)


def test_a_resume_that_changes_nothing_is_not_confirmed() -> None:
    event = event_from_text(PHONE, "resume", T0)
    assert event is not None
    assert not needs_confirmation(ConsentState.NONE, ConsentState.NONE, event)
    assert needs_confirmation(ConsentState.WITHDRAWN, ConsentState.GRANTED, event)


KEYWORDS = ["stop", "стоп", "отписаться", "отписка", "unsubscribe"]
PUNCTUATION = st.text(alphabet=" .,!?-«»\"'\t\n…", max_size=3)


@given(st.sampled_from(KEYWORDS), st.data())
def test_padding_and_case_never_hide_a_keyword(word: str, data: st.DataObject) -> None:
    spelled = "".join(
        data.draw(PUNCTUATION) + (ch.upper() if data.draw(st.booleans()) else ch) for ch in word
    )
    assert classify_text(spelled + data.draw(PUNCTUATION)) is Intent.OPT_OUT


@given(
    st.sampled_from(KEYWORDS),
    st.text(alphabet="абвгдежзиклмнопрстуabcdefghijklmnopqrstuvwxyz0123456789", min_size=1),
    st.booleans(),
)
def test_any_other_word_next_to_a_keyword_keeps_the_subscription(
    word: str, other: str, before: bool
) -> None:
    text = f"{other} {word}" if before else f"{word} {other}"
    squeezed = f"{other}{word}" if before else f"{word}{other}"
    if squeezed not in KEYWORDS:
        assert classify_text(text) is not Intent.OPT_OUT


def test_a_recorded_user_preferences_stop_becomes_an_opt_out() -> None:
    payload = json.loads((PAYLOADS / "user_preferences.json").read_text("utf-8"))
    (change,) = payload["entry"][0]["changes"][0]["value"]["user_preferences"]
    at = datetime.fromtimestamp(change["timestamp"], UTC)
    event = event_from_user_preferences(change["wa_id"], change["category"], change["value"], at)
    assert event == ConsentEvent(
        "79991234567", ConsentKind.WITHDRAWN, ConsentSource.USER_PREFERENCES, at
    )
    earlier = granted_in_chat("79991234567", at - timedelta(days=1))
    assert current_state([earlier, event]) is ConsentState.WITHDRAWN
