"""Cart decisions: the native cart corrected by our catalog, and the bot's own edits."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from catalog.money import Money
from shop.chat import ids
from shop.chat.decision import (
    AddToCart,
    ClearCart,
    RemoveLine,
    ReplaceCart,
    SetQuantity,
    apply,
)
from shop.chat.intents import CartItem, CartSent
from shop.chat.state import ChatState
from shop.chat.views import Cart, CartLine
from shop.whatsapp.messages import ListMessage, ReplyButtons, TextMessage

from .helpers import SETTINGS, Chat, buttons, line, pick, tap, texts


def sent(*items: tuple[str, int, str], note: str = "", currency: str = "RUB") -> CartSent:
    return CartSent(tuple(CartItem(s, q, Decimal(p), currency) for s, q, p in items), note)


def test_native_cart_replaces_the_cart_with_its_items() -> None:
    chat = Chat(cart=Cart((line("KET2", 4),)))
    decision = chat.send(sent(("KET1", 1, "2490"), ("MUG1", 2, "350")))
    assert decision.cart_ops == (ReplaceCart((line("KET1", 1), line("MUG1", 2))),)
    assert chat.cart == Cart((line("KET1", 1), line("MUG1", 2)))
    assert decision.next_state is ChatState.CART
    assert "сверил" not in texts(decision)  # nothing to correct, nothing to tell


def test_native_cart_shows_line_totals_and_the_total() -> None:
    decision = Chat().send(sent(("KET1", 2, "2490"), ("MUG1", 3, "350")))
    body = texts(decision)
    assert "Чайник электрический Bosch — 2 × 2\u00a0490,00\u00a0₽ = 4\u00a0980,00\u00a0₽" in body
    assert "Кружка синяя — 3 × 350,00\u00a0₽ = 1\u00a0050,00\u00a0₽" in body
    assert "Итого: 6\u00a0030,00\u00a0₽" in body
    assert "В корзине 5 товаров" in body


def test_price_from_the_message_is_replaced_by_ours_and_told() -> None:
    chat = Chat()
    decision = chat.send(sent(("KET1", 1, "1990")))
    assert chat.cart.lines[0].unit_price == Money.rub("2490")
    assert (
        "«Чайник электрический Bosch» стоит 2\u00a0490,00\u00a0₽, а не 1\u00a0990,00\u00a0₽"
        in texts(decision)
    )


def test_a_float_looking_price_equal_to_ours_is_not_a_difference() -> None:
    decision = Chat().send(sent(("MUG1", 1, "350.0")))
    assert "стоит" not in texts(decision)


def test_a_price_in_another_currency_is_corrected() -> None:
    chat = Chat()
    decision = chat.send(sent(("MUG1", 1, "350"), currency="USD"))
    assert chat.cart.lines[0].unit_price == Money.rub("350")
    assert "а не 350,00\u00a0USD" in texts(decision)


def test_unknown_item_is_dropped_and_told() -> None:
    chat = Chat()
    decision = chat.send(sent(("KET1", 1, "2490"), ("GHOST", 1, "10")))
    assert [ln.retailer_id for ln in chat.cart.lines] == ["KET1"]
    assert "артикула GHOST нет в каталоге — убрал из корзины" in texts(decision)


@pytest.mark.parametrize(
    ("sku", "told"),
    [
        ("OLD1", "«Кружка старая»: сейчас нельзя заказать — убрал из корзины"),
        ("NOSYNC", "«Кружка несинхронная»: сейчас нельзя заказать — убрал из корзины"),
        ("GONE", "«Кружка раскупленная»: нет в наличии, всё раскупили — убрал из корзины"),
    ],
)
def test_inactive_unsynced_or_sold_out_item_is_dropped_and_told(sku: str, told: str) -> None:
    chat = Chat()
    decision = chat.send(sent((sku, 1, "100"), ("MUG1", 1, "350")))
    assert [ln.retailer_id for ln in chat.cart.lines] == ["MUG1"]
    assert told in texts(decision)


def test_insufficient_stock_is_capped_and_told() -> None:
    chat = Chat()
    decision = chat.send(sent(("MUG1", 7, "350")))
    assert chat.cart.lines[0].quantity == 3
    assert "«Кружка синяя»: осталось только 3 шт." in texts(decision)


def test_quantity_beyond_the_shops_per_line_cap_is_capped_and_told() -> None:
    chat = Chat(settings=replace(SETTINGS, max_quantity=10))
    decision = chat.send(sent(("KET2", 12, "890")))
    assert chat.cart == Cart((line("KET2", 10),))
    assert "не больше 10 шт. в одном заказе" in texts(decision)


def test_the_same_item_twice_is_one_line() -> None:
    chat = Chat()
    chat.send(sent(("KET2", 1, "890"), ("KET2", 2, "890")))
    assert chat.cart == Cart((line("KET2", 3),))


def test_zero_quantities_are_ignored() -> None:
    chat = Chat()
    chat.send(sent(("KET2", 0, "890"), ("MUG1", 1, "350")))
    assert [ln.retailer_id for ln in chat.cart.lines] == ["MUG1"]


def test_a_cart_of_only_unsellable_items_leaves_an_empty_cart_and_a_way_on() -> None:
    chat = Chat(cart=Cart((line("KET1"),)))
    decision = chat.send(sent(("OLD1", 1, "100")))
    assert chat.cart == Cart()
    assert "Корзина пуста" in texts(decision)
    assert buttons(decision) == [ids.Categories(), ids.StartSearch()]


def test_the_shoppers_note_is_kept_for_the_order() -> None:
    chat = Chat()
    chat.send(sent(("MUG1", 1, "350"), note="  Позвоните заранее "))
    assert chat.context.note == "Позвоните заранее"


def test_add_from_a_product_button() -> None:
    chat = Chat()
    decision = chat.send(tap(ids.Add("KET1")))
    assert decision.cart_ops == (AddToCart(line("KET1", 1)),)
    assert "Добавил «Чайник электрический Bosch» (в корзине 1 шт.)" in texts(decision)
    assert "Всего 1 товар на 2\u00a0490,00\u00a0₽" in texts(decision)
    assert buttons(decision) == [ids.Checkout(), ids.ViewCart(), ids.Categories()]


def test_adding_again_increases_the_line() -> None:
    chat = Chat(cart=Cart((line("KET1", 2),)))
    chat.send(tap(ids.Add("KET1")))
    assert chat.cart == Cart((line("KET1", 3),))


def test_adding_stops_at_the_stock() -> None:
    chat = Chat(cart=Cart((line("MUG1", 2),)))
    chat.send(tap(ids.Add("MUG1", 5)))
    assert chat.cart == Cart((line("MUG1", 3),))
    decision = chat.send(tap(ids.Add("MUG1")))
    assert decision.cart_ops == ()
    assert "больше добавить нельзя" in texts(decision)


@pytest.mark.parametrize("sku", ["OLD1", "GONE", "GHOST"])
def test_adding_an_unsellable_product_changes_nothing(sku: str) -> None:
    decision = Chat().send(tap(ids.Add(sku)))
    assert decision.cart_ops == ()
    assert "нет в наличии" in texts(decision)


def test_view_cart_lists_lines_with_totals() -> None:
    chat = Chat(cart=Cart((line("KET1", 2), line("MUG1"))))
    decision = chat.send(pick(ids.ViewCart()))
    assert isinstance(decision.replies[0], TextMessage)
    assert (
        "1. Чайник электрический Bosch — 2 × 2\u00a0490,00\u00a0₽ = 4\u00a0980,00\u00a0₽"
        in texts(decision)
    )
    assert "2. Кружка синяя — 1 × 350,00\u00a0₽ = 350,00\u00a0₽" in texts(decision)
    assert "Итого: 5\u00a0330,00\u00a0₽" in texts(decision)
    assert buttons(decision) == [ids.Checkout(), ids.EditCart(), ids.Categories()]


def test_view_cart_keeps_the_price_the_line_was_added_at() -> None:
    # Prices are re-checked at checkout, not silently while looking.
    decision = Chat(cart=Cart((line("MUG1", 1, "300"),))).send(tap(ids.ViewCart()))
    assert "Итого: 300,00\u00a0₽" in texts(decision)


def test_edit_lists_the_lines_and_clearing() -> None:
    chat = Chat(cart=Cart((line("KET1", 2), line("MUG1"))))
    decision = chat.send(tap(ids.EditCart()))
    (reply,) = decision.replies
    assert isinstance(reply, ListMessage)
    assert buttons(decision) == [ids.EditLine("KET1"), ids.EditLine("MUG1"), ids.Clear()]
    assert reply.sections[0].rows[0].description == "2 шт."


def test_picking_a_line_offers_plus_minus_and_remove() -> None:
    chat = Chat(cart=Cart((line("KET1", 2),)))
    decision = chat.send(pick(ids.EditLine("KET1")))
    assert buttons(decision) == [ids.SetQty("KET1", 3), ids.SetQty("KET1", 1), ids.Remove("KET1")]
    assert chat.context.editing == "KET1"


def test_a_typed_number_after_picking_a_line_sets_its_quantity() -> None:
    chat = Chat(cart=Cart((line("KET1", 2),)))
    chat.send(pick(ids.EditLine("KET1")))
    decision = chat.send("4")
    assert decision.cart_ops == (SetQuantity("KET1", 4),)
    assert chat.cart == Cart((line("KET1", 4),))
    assert chat.context.editing is None


def test_a_typed_number_without_a_picked_line_is_not_a_quantity() -> None:
    chat = Chat(state=ChatState.CART, cart=Cart((line("KET1", 2),)))
    decision = chat.send("4")
    assert decision.cart_ops == ()


def test_set_quantity_beyond_stock_is_capped_and_told() -> None:
    chat = Chat(cart=Cart((line("MUG1", 1),)))
    decision = chat.send(tap(ids.SetQty("MUG1", 10)))
    assert decision.cart_ops == (SetQuantity("MUG1", 3),)
    assert "осталось только 3 шт." in texts(decision)


def test_set_quantity_to_zero_removes_the_line() -> None:
    chat = Chat(cart=Cart((line("KET1", 1), line("MUG1"))))
    decision = chat.send(tap(ids.SetQty("KET1", 0)))
    assert decision.cart_ops == (RemoveLine("KET1"),)
    assert "Убрал из корзины «Чайник электрический Bosch»" in texts(decision)


def test_set_quantity_of_a_product_that_went_away_removes_it() -> None:
    gone = CartLine("OLD1", "Кружка старая", 1, Money.rub("100"))
    chat = Chat(cart=Cart((gone,)))
    decision = chat.send(tap(ids.SetQty("OLD1", 2)))
    assert decision.cart_ops == (RemoveLine("OLD1"),)
    assert "сейчас нельзя заказать" in texts(decision)


def test_editing_a_line_no_longer_in_the_cart_says_so() -> None:
    decision = Chat(cart=Cart((line("KET1"),))).send(tap(ids.SetQty("MUG1", 2)))
    assert decision.cart_ops == ()
    assert "Такого товара в корзине уже нет" in texts(decision)


def test_remove_and_clear() -> None:
    chat = Chat(cart=Cart((line("KET1"), line("MUG1"))))
    assert chat.send(tap(ids.Remove("MUG1"))).cart_ops == (RemoveLine("MUG1"),)
    decision = chat.send(pick(ids.Clear()))
    assert decision.cart_ops == (ClearCart(),)
    assert chat.cart == Cart()
    assert "Корзина очищена" in texts(decision)


def test_empty_cart_view_points_to_the_catalog() -> None:
    decision = Chat().send(tap(ids.ViewCart()))
    (reply,) = decision.replies
    assert isinstance(reply, ReplyButtons)
    assert "Корзина пуста" in reply.body


def test_apply_mirrors_what_storage_will_do() -> None:
    ops = (
        AddToCart(line("KET1", 1)),
        AddToCart(line("KET1", 2)),
        AddToCart(line("MUG1", 1)),
        SetQuantity("MUG1", 2),
        SetQuantity("KET2", 5),  # no such line: nothing happens
        RemoveLine("KET1"),
    )
    assert apply(Cart(), ops) == Cart((line("MUG1", 2),))
    assert apply(Cart((line("KET1"),)), (ClearCart(), AddToCart(line("MUG1")))) == Cart(
        (line("MUG1"),)
    )
    assert apply(Cart((line("KET1"),)), (SetQuantity("KET1", 0),)) == Cart()
