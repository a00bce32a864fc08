"""Groups: routing by keywords, working hours and the private flag (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shop.desk.groups import Group, Groups, defaults, is_open, may_open, route
from shop.merchant_settings import Refused, checked


def test_defaults_are_sales_support_and_logistics_with_a_60_second_goal() -> None:
    groups = defaults()
    assert [g.title for g in groups.groups] == ["Продажи", "Поддержка", "Логистика"]
    assert {g.sla_seconds for g in groups.groups} == {60}
    assert groups.default.key == "sales"


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Где мой заказ?", "logistics"),
        ("где мой заказ номер 12", "logistics"),
        ("хочу вернуть товар", "support"),
        ("Оплата не проходит", "support"),
        ("возврата не будет?", "support"),
        ("здравствуйте", "sales"),
        (None, "sales"),
    ],
)
def test_routing_picks_the_group_by_keywords_else_the_default(text: str | None, group: str) -> None:
    assert route(defaults(), text).key == group


def test_a_menu_choice_beats_the_keywords() -> None:
    assert route(defaults(), "вернуть", chosen="logistics").key == "logistics"


def test_working_hours_on_weekdays_and_across_midnight() -> None:
    day = Group(key="d", title="D", days=[1, 2, 3, 4, 5], opens="09:00", closes="18:00")
    monday_noon, saturday_noon = (
        datetime(2026, 12, 7, 12, tzinfo=UTC),
        datetime(2026, 12, 5, 12, tzinfo=UTC),
    )
    assert is_open(day, monday_noon)
    assert not is_open(day, saturday_noon)
    assert not is_open(day, datetime(2026, 12, 7, 18, 0, tzinfo=UTC))
    night = Group(key="n", title="N", days=[5], opens="20:00", closes="02:00")
    assert is_open(night, datetime(2026, 12, 4, 23, tzinfo=UTC))  # Friday night
    assert is_open(
        night, datetime(2026, 12, 5, 1, tzinfo=UTC)
    )  # Saturday's early hours count to Friday
    assert not is_open(night, datetime(2026, 12, 6, 1, tzinfo=UTC))
    assert is_open(Group(key="a", title="A"), saturday_noon)  # around the clock by default


def test_a_private_group_is_for_its_members_and_the_owner() -> None:
    group = Group(key="vip", title="VIP", private=True, members=["olga"])
    assert may_open(group, "olga", owner=False)
    assert not may_open(group, "ivan", owner=False)
    assert may_open(group, "ivan", owner=True)


def test_a_bad_document_is_refused_with_the_field_and_a_russian_reason() -> None:
    with pytest.raises(Refused) as refused:
        checked(Groups, {"groups": [{"key": "Продажи", "title": "x"}], "default_group": "x"})
    assert refused.value.problems[0].field == "groups.0.key"
    assert "латинские" in refused.value.problems[0].message
    with pytest.raises(Refused):
        checked(Groups, {"groups": [{"key": "a", "title": "A"}], "default_group": "b"})


def test_working_hours_are_refused_unless_they_read_hh_mm() -> None:
    with pytest.raises(Refused) as refused:
        checked(
            Groups, {"groups": [{"key": "a", "title": "A", "opens": "25:00"}], "default_group": "a"}
        )
    assert refused.value.problems[0].field == "groups.0.opens"
