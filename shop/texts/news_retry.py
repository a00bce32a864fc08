"""Texts of order news told later (shop/orders/news_retry.py): its states on the order page,
its tries, and the dashboard's banner of news given up after its last try."""

from __future__ import annotations

RU: dict[str, str] = {
    "lifecycle.news_state.resent": "отправлено позже",
    "lifecycle.news_state.stale": "устарело, не отправлено",
    "lifecycle.news_state.failed": "не доставлено, попытки закончились",
    "lifecycle.page.tries": "{count} {count:plural:попытка|попытки|попыток} отправить снова",
    "lifecycle.banner.news_failed": (
        "{count} {count:plural:сообщение|сообщения|сообщений} о заказах так и не "
        "{count:plural:дошло|дошли|дошли} до покупателей: все попытки отправить "
        "{count:plural:его|их|их} снова не удались."
    ),
    "lifecycle.banner.news_failed.fix": (
        "проверьте шаблон order_update на странице «Шаблоны сообщений» и сообщите покупателю "
        "новость сами; какое сообщение не дошло, видно на странице заказа"
    ),
}

EN: dict[str, str] = {
    "lifecycle.news_state.resent": "sent later",
    "lifecycle.news_state.stale": "out of date, not sent",
    "lifecycle.news_state.failed": "not delivered, no tries left",
    "lifecycle.page.tries": "{count} {count:plural:try|tries} to send it again",
    "lifecycle.banner.news_failed": (
        "{count} {count:plural:message|messages} about orders never reached the shoppers: "
        "every try to send {count:plural:it|them} again failed."
    ),
    "lifecycle.banner.news_failed.fix": (
        "check the order_update template on the Message templates page and tell the shopper "
        "yourself; each order's page shows which message did not go"
    ),
}
