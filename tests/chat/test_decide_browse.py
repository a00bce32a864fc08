"""Browsing and search decisions: menu, category lists and paging, product lists, search."""

from __future__ import annotations

import pytest

from shop.chat import ids
from shop.chat.intents import Text
from shop.chat.state import ChatState
from shop.chat.views import SettingsView
from shop.whatsapp.messages import (
    CatalogMessage,
    ListMessage,
    ProductListMessage,
    ProductMessage,
    ReplyButtons,
)

from .helpers import (
    CATALOG_ID,
    Chat,
    buttons,
    catalog,
    many_categories,
    many_products,
    only,
    pick,
    product,
    tap,
    texts,
)

MAIN_ACTIONS = [
    ids.Categories(),
    ids.WholeCatalog(),
    ids.StartSearch(),
    ids.ViewCart(),
    ids.MyOrders(),
    ids.AboutShop(),
    ids.Operator(),
    ids.AskConsent(),
    ids.Language("en"),
]


def test_first_contact_gets_the_welcome_with_the_main_actions() -> None:
    chat = Chat(state=ChatState.NEW)
    decision = chat.send("Добрый день, а доставка есть?")
    assert decision.next_state is ChatState.MENU
    assert "Здравствуйте" in texts(decision)
    assert buttons(decision) == MAIN_ACTIONS


@pytest.mark.parametrize("word", ["меню", "Меню!", "menu", "MENU", "start"])
def test_menu_words_show_the_menu(word: str) -> None:
    decision = Chat(state=ChatState.BROWSING).send(word)
    assert buttons(decision) == MAIN_ACTIONS


def test_unknown_text_says_so_and_shows_the_menu() -> None:
    decision = Chat().send("абырвалг")
    assert decision.next_state is ChatState.MENU
    assert "не совсем понял" in texts(decision)
    assert buttons(decision) == MAIN_ACTIONS


def test_welcome_in_english_when_the_shop_speaks_english() -> None:
    decision = Chat(settings=SettingsView(locale="en"), state=ChatState.NEW).send("hi")
    assert "Hello" in texts(decision)


def test_menu_shows_the_cart_size_in_natural_russian() -> None:
    chat = Chat()
    chat.send(tap(ids.Add("KET1", 2)))
    chat.send(tap(ids.Add("MUG1")))
    (menu,) = only(chat.send("меню"), ListMessage)
    assert isinstance(menu, ListMessage)
    assert menu.sections[0].rows[3].description == "3 товара"


def test_typed_command_works_like_the_menu_row() -> None:
    assert Chat().send("Корзина").next_state is ChatState.CART
    assert Chat().send("каталог").next_state is ChatState.BROWSING


def test_exactly_ten_categories_fit_one_list_without_paging() -> None:
    decision = Chat(catalog=many_categories(10)).send(pick(ids.Categories()))
    (reply,) = decision.replies
    assert isinstance(reply, ListMessage)
    rows = reply.sections[0].rows
    assert len(rows) == 10
    assert all(isinstance(ids.unpack(r.id), ids.CategoryPage) for r in rows)


def test_eleven_categories_page_with_a_next_row() -> None:
    chat = Chat(catalog=many_categories(11))
    (first,) = chat.send(pick(ids.Categories())).replies
    assert isinstance(first, ListMessage)
    rows = first.sections[0].rows
    assert len(rows) == 10
    assert ids.unpack(rows[-1].id) == ids.Categories(1)
    assert [r.title for r in rows[:2]] == ["Категория 00", "Категория 01"]
    (second,) = chat.send(pick(ids.Categories(1))).replies
    assert isinstance(second, ListMessage)
    assert [r.title for r in second.sections[0].rows] == [
        "Категория 09",
        "Категория 10",
        "← В начало",
    ]
    assert ids.unpack(second.sections[0].rows[-1].id) == ids.Categories(0)


def test_category_rows_count_only_offerable_products() -> None:
    (reply,) = Chat().send(pick(ids.Categories())).replies
    assert isinstance(reply, ListMessage)
    described = {r.title: r.description for r in reply.sections[0].rows}
    assert described == {"Кружки": "1 товар", "Чайники": "2 товара"}


def test_empty_catalog_says_so() -> None:
    decision = Chat(catalog=catalog()).send(pick(ids.Categories()))
    assert "Каталог пока пуст" in texts(decision)


def products_of(decision_replies: tuple[object, ...]) -> ProductListMessage:
    (listing,) = [r for r in decision_replies if isinstance(r, ProductListMessage)]
    return listing


def retailer_ids(listing: ProductListMessage) -> tuple[str, ...]:
    return tuple(rid for section in listing.sections for rid in section.product_retailer_ids)


def card(retailer_id: str, body: str) -> ProductMessage:
    """The product message of a product card, in the shop's catalog."""
    return ProductMessage(catalog_id=CATALOG_ID, product_retailer_id=retailer_id, body=body)


def test_exactly_thirty_products_fit_one_product_list() -> None:
    decision = Chat(catalog=many_products(30)).send(pick(ids.CategoryPage("kettles")))
    listing = products_of(decision.replies)
    assert len(retailer_ids(listing)) == 30
    assert listing.header == "Чайники"
    assert ids.CategoryPage("kettles", 1) not in buttons(decision)


def test_thirty_one_products_offer_a_next_page_with_the_last_one() -> None:
    chat = Chat(catalog=many_products(31))
    first = chat.send(pick(ids.CategoryPage("kettles")))
    assert len(retailer_ids(products_of(first.replies))) == 30
    assert buttons(first)[0] == ids.CategoryPage("kettles", 1)
    second = chat.send(tap(ids.CategoryPage("kettles", 1)))
    assert retailer_ids(products_of(second.replies)) == ("P030",)
    assert ids.CategoryPage("kettles", 2) not in buttons(second)
    assert "страница 2 из 2" in texts(second)


def test_product_lists_offer_only_active_synced_in_stock_products() -> None:
    decision = Chat().send(pick(ids.CategoryPage("mugs")))
    assert retailer_ids(products_of(decision.replies)) == ("MUG1",)


def test_unknown_category_falls_back_to_the_category_list() -> None:
    decision = Chat().send(pick(ids.CategoryPage("nope")))
    assert "нет товаров" in texts(decision)
    assert isinstance(decision.replies[-1], ListMessage)


def test_a_single_product_is_a_product_message_with_an_add_button() -> None:
    decision = Chat().send(tap(ids.ShowProduct("KET1")))
    product_message, actions = decision.replies
    assert product_message == card("KET1", "Чайник электрический Bosch")
    assert isinstance(actions, ReplyButtons)
    assert "2\u00a0490,00\u00a0₽" in actions.body
    assert buttons(decision)[0] == ids.Add("KET1")


@pytest.mark.parametrize("sku", ["OLD1", "NOSYNC", "GONE", "NOPE"])
def test_products_that_cannot_be_sold_are_not_shown(sku: str) -> None:
    decision = Chat().send(tap(ids.ShowProduct(sku)))
    assert not only(decision, ProductMessage)
    assert "нет в наличии" in texts(decision)


def test_the_whole_catalog_opens_the_catalog_message() -> None:
    decision = Chat().send(pick(ids.WholeCatalog()))
    (reply,) = decision.replies
    assert isinstance(reply, CatalogMessage)
    assert reply.thumbnail_product_retailer_id == "KET1"


def test_a_text_replying_to_a_product_is_interest_in_that_product() -> None:
    # A question replying to a product goes to a person (tests/chat/test_product_question.py).
    decision = Chat().send(Text("Беру такой", referred_product="KET1"))
    assert decision.replies[0] == card("KET1", "Чайник электрический Bosch")
    assert buttons(decision)[:2] == [ids.Add("KET1"), ids.Operator()]
    assert "«Чайник электрический Bosch»" in texts(decision)


def test_first_contact_about_a_product_shows_the_product() -> None:
    decision = Chat(state=ChatState.NEW).send(Text("Здравствуйте, мне такую", "MUG1"))
    assert decision.replies[0] == card("MUG1", "Кружка синяя")


def test_while_searching_a_command_word_is_searched_for() -> None:
    shop = catalog(product("BSK", "Корзина плетёная", category="decor", category_title="Декор"))
    decision = Chat(catalog=shop, state=ChatState.SEARCHING).send("корзина")
    assert decision.replies[0] == card("BSK", "Корзина плетёная")


def test_search_asks_for_a_query_then_answers_with_a_product_list() -> None:
    chat = Chat()
    assert chat.send(pick(ids.StartSearch())).next_state is ChatState.SEARCHING
    decision = chat.send("чайники")
    listing = products_of(decision.replies)
    assert set(retailer_ids(listing)) == {"KET1", "KET2"}
    assert listing.header == "Поиск: чайники"
    assert chat.context.query == "чайники"


def test_search_with_one_hit_shows_the_product_itself() -> None:
    chat = Chat(state=ChatState.SEARCHING)
    decision = chat.send("кружку")
    assert decision.replies[0] == card("MUG1", "Кружка синяя")


def test_search_never_offers_unsellable_products() -> None:
    decision = Chat(state=ChatState.SEARCHING).send("кружка")
    assert only(decision, ProductMessage) == [card("MUG1", "Кружка синяя")]


def test_nothing_found_suggests_close_categories_and_a_person() -> None:
    decision = Chat(state=ChatState.SEARCHING).send("чашки")
    # No word of "чашки" is close to a product's words, but the whole query resembles
    # the names of categories.
    assert "ничего не нашлось" in texts(decision)
    assert "Возможно" in texts(decision)
    offered = buttons(decision)
    assert offered[0] == ids.CategoryPage("kettles")
    assert offered[-2:] == [ids.Categories(), ids.Operator()]


def test_nothing_found_without_suggestions_still_offers_a_way_on() -> None:
    decision = Chat(state=ChatState.SEARCHING).send("синхрофазотрон")
    assert buttons(decision) == [ids.Categories(), ids.Operator()]


def test_search_pages_beyond_thirty_results() -> None:
    chat = Chat(catalog=many_products(45), state=ChatState.SEARCHING)
    first = chat.send("чайник")
    assert len(retailer_ids(products_of(first.replies))) == 30
    assert buttons(first)[0] == ids.SearchPage(1)
    second = chat.send(tap(ids.SearchPage(1)))
    assert len(retailer_ids(products_of(second.replies))) == 15
    assert ids.SearchPage(2) not in buttons(second)


def test_free_text_in_the_menu_that_names_a_product_searches() -> None:
    decision = Chat().send("чайник bosch")
    assert decision.next_state is ChatState.SEARCHING
    assert decision.replies[0] == card("KET1", "Чайник электрический Bosch") or (
        retailer_ids(products_of(decision.replies))[0] == "KET1"
    )


def test_search_results_are_grouped_by_category_in_sections() -> None:
    shop = catalog(
        product("A", "Синий чайник"),
        product("B", "Синяя кружка", category="mugs", category_title="Кружки"),
        product("C", "Синий чайник большой"),
    )
    decision = Chat(catalog=shop, state=ChatState.SEARCHING).send("синий")
    listing = products_of(decision.replies)
    assert [(s.title, set(s.product_retailer_ids)) for s in listing.sections] == [
        ("Чайники", {"A", "C"}),
        ("Кружки", {"B"}),
    ]
