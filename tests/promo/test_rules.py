"""Whether a code applies and how much it takes off: every refusal and the rounding."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from catalog.money import Money
from shop.promo.rules import (
    Accepted,
    PromoKind,
    PromoTerms,
    Refusal,
    Refused,
    ShopperFacts,
    check,
    discount_of,
    normalise,
)

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
TEN = PromoTerms(id=1, code="TEN", kind=PromoKind.PERCENT, value=10)
ME = ShopperFacts("79001234567", uses=0, earlier_orders=0)


def _check(terms: PromoTerms | None, goods: int = 100_000, shopper: ShopperFacts = ME) -> object:
    return check(terms, "TEN", goods=Money.from_minor(goods), units=1, shopper=shopper, now=NOW)


def _reason(terms: PromoTerms, **kw: object) -> Refusal:
    verdict = _check(terms, **kw)  # type: ignore[arg-type]
    assert isinstance(verdict, Refused)
    return verdict.reason


def test_a_valid_percent_code_takes_its_share_of_the_goods() -> None:
    verdict = _check(TEN)
    assert isinstance(verdict, Accepted)
    assert verdict.discount == Money.rub("100.00")
    assert verdict.shopper_use == 1


def test_percent_rounds_half_up_to_the_kopeck() -> None:
    assert discount_of(TEN, 1005, 1) == 101  # 100,5 kopecks
    assert discount_of(TEN, 1004, 1) == 100
    assert discount_of(replace(TEN, value=15), 333, 1) == 50  # 49,95


def test_a_fixed_amount_larger_than_the_goods_leaves_them_one_rouble() -> None:
    big = PromoTerms(id=2, code="BIG", kind=PromoKind.AMOUNT, value=1_000_000)
    assert discount_of(big, 50_000, 3) == 49_900
    # and a kopeck a unit when there are more than a hundred units
    assert discount_of(big, 50_000, 300) == 49_700


def test_goods_at_the_floor_get_no_discount() -> None:
    assert _reason(TEN, goods=100) is Refusal.NOTHING_OFF


def test_an_unknown_code_is_refused() -> None:
    assert isinstance(_check(None), Refused)


def test_a_code_before_its_start_is_not_yet_valid() -> None:
    later = replace(TEN, starts_at=NOW + timedelta(days=1))
    verdict = _check(later)
    assert isinstance(verdict, Refused)
    assert verdict.reason is Refusal.NOT_YET
    assert verdict.starts_at == later.starts_at
    assert isinstance(_check(replace(TEN, starts_at=NOW)), Accepted)


def test_a_code_past_its_end_has_expired() -> None:
    assert _reason(replace(TEN, ends_at=NOW)) is Refusal.EXPIRED
    assert isinstance(_check(replace(TEN, ends_at=NOW + timedelta(seconds=1))), Accepted)


def test_a_code_whose_uses_are_gone_is_used_up() -> None:
    assert _reason(replace(TEN, total_limit=5, used_count=5)) is Refusal.USED_UP
    assert isinstance(_check(replace(TEN, total_limit=5, used_count=4)), Accepted)


def test_a_shopper_who_used_their_share_is_told_so() -> None:
    twice = replace(TEN, per_shopper_limit=2)
    assert _reason(twice, shopper=replace(ME, uses=2)) is Refusal.USED_BY_YOU
    verdict = _check(twice, shopper=replace(ME, uses=1))
    assert isinstance(verdict, Accepted)
    assert verdict.shopper_use == 2


def test_below_the_minimum_says_the_minimum_as_money() -> None:
    verdict = _check(replace(TEN, min_total_minor=200_000))
    assert isinstance(verdict, Refused)
    assert verdict.reason is Refusal.BELOW_MINIMUM
    assert verdict.minimum == Money.rub("2000.00")
    assert isinstance(_check(replace(TEN, min_total_minor=100_000)), Accepted)


def test_a_first_order_code_refuses_a_shopper_who_bought_before() -> None:
    first = replace(TEN, first_order_only=True)
    assert _reason(first, shopper=replace(ME, earlier_orders=1)) is Refusal.FIRST_ORDER_ONLY
    assert isinstance(_check(first), Accepted)


def test_a_one_time_code_is_only_for_its_shopper_and_only_once() -> None:
    own = replace(TEN, wa_id=ME.wa_id)
    assert _reason(own, shopper=replace(ME, wa_id="79990000000")) is Refusal.NOT_YOURS
    assert _reason(own, shopper=replace(ME, uses=1)) is Refusal.USED_BY_YOU
    assert isinstance(_check(own), Accepted)


def test_a_disabled_code_is_refused() -> None:
    assert _reason(replace(TEN, disabled=True)) is Refusal.DISABLED


def test_a_typed_code_is_read_in_any_case_and_spacing() -> None:
    assert normalise("  sum mer-10 ") == "SUMMER-10"
