"""A sold-out product is named as such, with similar ones in stock, never "nothing found"."""

from __future__ import annotations

from shop.chat import ids
from shop.chat.decision import Decision
from shop.chat.intents import Text
from shop.chat.state import ChatState
from shop.whatsapp.messages import ListMessage, ProductListMessage, TextMessage

from .helpers import SHOP, Chat, buttons, catalog, product, tap, texts

MUGS = catalog(
    product("BLUE", "Кружка синяя", "350", "mugs", "Кружки", stock=0),
    product("RED", "Кружка красная", "350", "mugs", "Кружки", stock=4),
    product("CUP", "Чашка фарфоровая", "420", "mugs", "Кружки", stock=None),
    product("OLD", "Кружка старая", "100", "mugs", "Кружки", active=False),
    product("KET", "Чайник", "2490", stock=2),
    product("MARKED", "Термос походный", "990", "flasks", "Термосы", out_of_stock=True),
)


def offered(decision: Decision) -> list[str]:
    """The products of the decision's product lists, in order."""
    listings = [r for r in decision.replies if isinstance(r, ProductListMessage)]
    return [rid for listing in listings for s in listing.sections for rid in s.product_retailer_ids]


def test_searching_a_sold_out_product_says_so_and_offers_similar_in_stock() -> None:
    chat = Chat(catalog=SHOP, state=ChatState.SEARCHING)
    decision = chat.send("кружка раскупленная")
    said = texts(decision)
    assert "«Кружка раскупленная»: сейчас нет в наличии" in said
    assert "ничего не нашлось" not in said
    assert offered(decision) == ["MUG1"]  # same category, in stock; never the old or unsynced
    assert chat.context.query == "кружка раскупленная"


def test_a_better_match_that_is_sold_out_is_named_before_partial_matches() -> None:
    decision = Chat(catalog=MUGS, state=ChatState.SEARCHING).send("синяя кружка")
    assert "«Кружка синяя»: сейчас нет в наличии" in texts(decision)
    assert offered(decision) == ["RED", "CUP"]


def test_a_partial_match_in_stock_is_not_hidden_behind_an_equal_sold_out_one() -> None:
    decision = Chat(catalog=MUGS, state=ChatState.SEARCHING).send("кружка")
    assert offered(decision) == ["RED", "CUP"]
    assert "нет в наличии" not in texts(decision)


def test_free_text_naming_a_sold_out_product_is_answered_as_sold_out() -> None:
    decision = Chat(catalog=MUGS).send("синяя кружка")
    assert "«Кружка синяя»: сейчас нет в наличии" in texts(decision)
    assert decision.next_state is ChatState.SEARCHING


def test_a_product_marked_out_of_stock_is_sold_out_whatever_its_count() -> None:
    decision = Chat(catalog=MUGS, state=ChatState.SEARCHING).send("термос")
    said = texts(decision)
    assert "«Термос походный»: сейчас нет в наличии" in said
    assert "Похожих товаров в наличии пока нет" in said
    assert isinstance(decision.replies[0], TextMessage)
    assert isinstance(decision.replies[1], ListMessage)  # the categories, a way on
    assert ids.CategoryPage("mugs") in buttons(decision)


def test_opening_or_adding_a_sold_out_product_offers_similar_ones() -> None:
    for act in (ids.ShowProduct("BLUE"), ids.Add("BLUE")):
        decision = Chat(catalog=MUGS).send(tap(act))
        assert decision.cart_ops == ()
        assert "«Кружка синяя»: сейчас нет в наличии" in texts(decision)
        assert offered(decision) == ["RED", "CUP"]
        assert ids.ViewCart() in buttons(decision)


def test_a_question_about_a_sold_out_product_offers_similar_ones() -> None:
    decision = Chat(catalog=MUGS).send(Text("Когда будет?", referred_product="BLUE"))
    assert "«Кружка синяя»: сейчас нет в наличии" in texts(decision)
    assert offered(decision) == ["RED", "CUP"]


def test_a_product_no_longer_sold_is_not_called_sold_out() -> None:
    decision = Chat(catalog=MUGS).send(tap(ids.ShowProduct("OLD")))
    assert "Этого товара сейчас нет в наличии" in texts(decision)
    assert "раскупили" not in texts(decision)
