"""Funnel arithmetic per step and template and per local day, and the SVG charts' structure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.reminders.chart import funnel_svg, revenue_svg
from shop.reminders.funnel import NudgeOutcome, Tally, build_funnel
from tests.reminders.builders import MOSCOW

SINCE = datetime(2027, 3, 1, tzinfo=MOSCOW)
UNTIL = datetime(2027, 3, 4, tzinfo=MOSCOW)
SVG = "{http://www.w3.org/2000/svg}"


def sent(
    hours: float, step: int = 1, template: str = "cart_reminder", **kw: object
) -> NudgeOutcome:
    at = SINCE + timedelta(hours=hours)
    fields = {k: (at + timedelta(minutes=5) if v is True else v) for k, v in kw.items()}
    return NudgeOutcome(step, template, at, **fields)  # type: ignore[arg-type]


OUTCOMES = [
    sent(
        1,
        delivered_at=True,
        read_at=True,
        clicked_at=True,
        ordered_at=True,
        paid_at=True,
        revenue=Decimal("1299.90"),
    ),
    sent(2, delivered_at=True, read_at=True, clicked_at=True, ordered_at=True),
    sent(3, read_at=True),  # read arrived without its delivered status
    sent(4, delivered_at=True, opted_out_at=True),
    sent(5, failed_at=True),
    sent(
        30, step=2, template="cart_promo", delivered_at=True, paid_at=True, revenue=Decimal("0.10")
    ),
    sent(
        31, step=2, template="cart_promo", delivered_at=True, paid_at=True, revenue=Decimal("0.20")
    ),
    sent(-1, delivered_at=True),  # before the period
    sent(72, delivered_at=True),  # at the period's end: excluded
]


def test_stages_per_step_and_template() -> None:
    funnel = build_funnel(OUTCOMES, since=SINCE, until=UNTIL, zone=MOSCOW)
    first, second = funnel.rows
    assert (first.step, first.template) == (1, "cart_reminder")
    assert first.tally.stages() == [
        ("sent", 5),
        ("delivered", 4),
        ("read", 3),
        ("clicked", 2),
        ("ordered", 2),
        ("paid", 1),
    ]
    assert first.tally.revenue == Decimal("1299.90")
    assert (first.tally.opt_outs, first.tally.failures) == (1, 1)
    assert first.tally.opt_outs_per_1000 == Decimal("250.0")
    assert first.tally.failures_per_1000 == Decimal("250.0")
    assert (second.step, second.template) == (2, "cart_promo")
    assert second.tally.ordered == 2  # a payment implies an order
    assert second.tally.revenue == Decimal("0.30")  # exact, never 0.30000000000000004


def test_the_total_and_the_days_add_up() -> None:
    funnel = build_funnel(OUTCOMES, since=SINCE, until=UNTIL, zone=MOSCOW)
    assert funnel.total.sent == 7
    assert funnel.total.revenue == Decimal("1300.20")
    assert [d.day for d in funnel.days] == [date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 3)]
    assert [d.tally.sent for d in funnel.days] == [5, 2, 0]
    assert sum((d.tally.revenue for d in funnel.days), Decimal(0)) == funnel.total.revenue


def test_days_are_local_to_the_merchant() -> None:
    late_evening = NudgeOutcome(1, "t", datetime(2027, 3, 1, 22, tzinfo=UTC))  # 01:00 on the 2nd
    funnel = build_funnel([late_evening], since=SINCE, until=UNTIL, zone=MOSCOW)
    assert [d.tally.sent for d in funnel.days] == [0, 1, 0]


def test_rates_per_1000_are_none_without_deliveries() -> None:
    tally = Tally()
    tally.add(NudgeOutcome(1, "t", SINCE, failed_at=SINCE))
    assert tally.failures == 1
    assert tally.failures_per_1000 is None


def test_a_failure_after_delivery_is_not_a_failure() -> None:
    tally = Tally()
    tally.add(NudgeOutcome(1, "t", SINCE, delivered_at=SINCE, failed_at=SINCE))
    assert (tally.delivered, tally.failures) == (1, 0)


def test_an_empty_period_is_refused() -> None:
    with pytest.raises(ValueError, match="period"):
        build_funnel([], since=UNTIL, until=SINCE, zone=MOSCOW)


@given(
    st.lists(
        st.tuples(
            st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.integers(0, 10**6)
        ),
        max_size=30,
    )
)
def test_every_stage_is_at_most_the_one_before(
    flags: list[tuple[bool, bool, bool, bool, int]],
) -> None:
    tally = Tally()
    for delivered, read, clicked, paid, kopecks in flags:
        tally.add(
            NudgeOutcome(
                1,
                "t",
                SINCE,
                delivered_at=SINCE if delivered else None,
                read_at=SINCE if read else None,
                clicked_at=SINCE if clicked else None,
                paid_at=SINCE if paid else None,
                revenue=Decimal(kopecks) / 100,
            )
        )
    counts = [count for _, count in tally.stages()]
    assert counts[:4] == sorted(counts[:4], reverse=True)
    assert tally.paid <= tally.ordered <= tally.sent
    assert tally.revenue == sum((Decimal(k) / 100 for *_, p, k in flags if p), Decimal(0))


# Charts ----------------------------------------------------------------------------------


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_the_funnel_chart_is_an_accessible_svg_with_one_bar_per_stage() -> None:
    funnel = build_funnel(OUTCOMES, since=SINCE, until=UNTIL, zone=MOSCOW)
    root = _parse(funnel_svg(funnel.rows[0].tally, title="Шаг 1 <cart_reminder>"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "funnel-title funnel-desc"
    assert root.find(f"{SVG}title").text == "Шаг 1 <cart_reminder>"
    assert "Отправлено: 5" in root.find(f"{SVG}desc").text
    groups = root.findall(f"{SVG}g")
    assert [g.get("data-stage") for g in groups] == [
        "sent",
        "delivered",
        "read",
        "clicked",
        "ordered",
        "paid",
    ]
    # Bars in percent of the page's width and no viewBox: the words are never scaled down.
    assert root.get("viewBox") is None
    assert root.get("width") == "100%"
    widths = [g.find(f"{SVG}rect").get("width") for g in groups]
    assert widths[:2] == ["100.0%", "80.0%"]
    assert [float(w.removesuffix("%")) for w in widths] == sorted(
        [float(w.removesuffix("%")) for w in widths], reverse=True
    )
    assert groups[5].find(f"{SVG}title").text == "Оплатили: 1 (20,0\u00a0%)"
    assert groups[5].find(f"{SVG}text").text == "Оплатили: 1 (20,0\u00a0%)"


def test_an_empty_funnel_draws_no_bars_and_no_division_by_zero() -> None:
    root = _parse(funnel_svg(Tally(), title="empty", lang="en"))
    assert all(r.get("width") == "0" for r in root.iter(f"{SVG}rect"))
    assert "Sent: 0" in root.find(f"{SVG}desc").text


def test_the_revenue_chart_has_a_bar_per_day_with_exact_amounts() -> None:
    points = [
        (date(2027, 3, 1), Decimal("1299.90")),
        (date(2027, 3, 2), Decimal("0")),
        (date(2027, 3, 3), Decimal("649.95")),
    ]
    root = _parse(revenue_svg(points, title="Выручка"))
    groups = root.findall(f"{SVG}g")
    assert [g.get("data-day") for g in groups] == ["2027-03-01", "2027-03-02", "2027-03-03"]
    heights = [float(g.find(f"{SVG}rect").get("height")) for g in groups]
    assert heights == [200.0, 0.0, 100.0]
    assert groups[0].find(f"{SVG}title").text == "01.03.2027: 1299.90 ₽"
    assert "1949.85" in root.find(f"{SVG}desc").text
    assert "<script" not in revenue_svg(points, title="<script>alert(1)</script>")
