"""Texts of an order's path after payment: the new statuses, the news told to the shopper,
the order page's actions, the shopper's own page and the orders CLI."""

from __future__ import annotations

RU: dict[str, str] = {
    # Status words (see shop/texts/orders.py for the first ones); keys are OrderStatus values.
    "status.confirmed": "подтверждён",
    "status.assembling": "собирается",
    "status.shipped": "отправлен",
    "status.ready_for_pickup": "ждёт в пункте выдачи",
    "status.delivered": "получен",
    "status.closed": "завершён",
    "status.return_requested": "запрошен возврат",
    "status.returned": "возвращён",
}

EN: dict[str, str] = {
    "status.confirmed": "confirmed",
    "status.assembling": "being packed",
    "status.shipped": "shipped",
    "status.ready_for_pickup": "ready for pickup",
    "status.delivered": "received",
    "status.closed": "closed",
    "status.return_requested": "return requested",
    "status.returned": "returned",
}

# What the shopper is told when the order takes a step (shop/orders/status_news.py): the
# message inside the 24-hour window, and `.short`, one line for the `order_update` template
# ({{1}} is the order number there, so the line does not repeat it).
_NEWS_RU = {
    "news.paid.short": "оплата получена, спасибо",
    "news.refunded.short": "оформлен возврат, деньги вернутся тем же способом, что и оплата",
    "news.tracking_number": "трек-номер {tracking}",
    "news.confirmed": "Заказ {number} подтверждён, начинаем собирать. Заказ: {link}",
    "news.confirmed.short": "заказ подтверждён, начинаем собирать",
    "news.shipped": "Заказ {number} отправлен. {tracking}Заказ: {link}",
    "news.shipped.short": "заказ отправлен. {tracking}",
    "news.ready_for_pickup": "Заказ {number} ждёт вас в пункте выдачи: {point}. Заказ: {link}",
    "news.ready_for_pickup.short": "заказ ждёт вас в пункте выдачи: {point}",
    "news.delivered": "Заказ {number} получен. Спасибо за покупку!",
    "news.delivered.short": "заказ получен, спасибо за покупку",
    "news.canceled": "Заказ {number} отменён. Если это ошибка, напишите нам.",
    "news.canceled.short": "заказ отменён; если это ошибка, напишите нам",
    "news.canceled_paid": (
        "Заказ {number} отменён. Деньги вернутся тем же способом, которым вы платили, "
        "обычно за несколько дней."
    ),
    "news.canceled_paid.short": "заказ отменён, деньги вернутся тем же способом, что и оплата",
    "news.expired": (
        "Заказ {number} отменён: он не был оплачен вовремя, и товары вернулись в продажу. "
        "Если он ещё нужен, соберите корзину заново."
    ),
    "news.expired.short": "заказ не был оплачен вовремя и отменён, товары вернулись в продажу",
    "news.unpaid": "Заказ {number} ещё не оплачен. Оплатить можно до {until}: {link}",
    "news.unpaid.short": "заказ ещё не оплачен, оплатить можно до {until}",
    "news.return_requested": (
        "Просьбу о возврате по заказу {number} получили. Сотрудник магазина свяжется с вами."
    ),
    "news.return_requested.short": "просьбу о возврате получили, сотрудник свяжется с вами",
    "news.returned": "Возврат по заказу {number} принят.",
    "news.returned.short": "возврат принят",
}

_NEWS_EN = {
    "news.paid.short": "payment received, thank you",
    "news.refunded.short": "a refund is on its way to the card or wallet you paid with",
    "news.tracking_number": "tracking number {tracking}",
    "news.confirmed": "Order {number} is confirmed and we are packing it. Order: {link}",
    "news.confirmed.short": "order confirmed, we are packing it",
    "news.shipped": "Order {number} has been shipped. {tracking}Order: {link}",
    "news.shipped.short": "order shipped. {tracking}",
    "news.ready_for_pickup": "Order {number} is waiting for you at {point}. Order: {link}",
    "news.ready_for_pickup.short": "order is waiting for you at {point}",
    "news.delivered": "Order {number} has been received. Thank you for shopping with us!",
    "news.delivered.short": "order received, thank you for shopping with us",
    "news.canceled": "Order {number} has been canceled. If this is a mistake, write to us.",
    "news.canceled.short": "order canceled; if this is a mistake, write to us",
    "news.canceled_paid": (
        "Order {number} has been canceled. The money goes back the way you paid, "
        "usually within a few days."
    ),
    "news.canceled_paid.short": "order canceled; the money goes back the way you paid",
    "news.expired": (
        "Order {number} was not paid in time and has been canceled; the items are back on "
        "sale. If you still want them, fill the cart again."
    ),
    "news.expired.short": "order was not paid in time and has been canceled; items released",
    "news.unpaid": "Order {number} is not paid yet. You can pay until {until}: {link}",
    "news.unpaid.short": "order is not paid yet; you can pay until {until}",
    "news.return_requested": (
        "We have your return request for order {number}. Someone from the shop will contact you."
    ),
    "news.return_requested.short": "return request received; someone will contact you",
    "news.returned": "The return of order {number} has been accepted.",
    "news.returned.short": "return accepted",
}

# Why a step or its input is refused: the API (in English), the order page and the CLI.
_REFUSED_RU = {
    "lifecycle.bad.too_long": "слишком длинное значение",
    "lifecycle.bad.url": "ссылка должна начинаться с https:// или http://",
    "lifecycle.bad.tracking_only_shipped": "трек-номер указывают только при отправке",
    "lifecycle.bad.reason": "укажите причину",
    "lifecycle.refused.forbidden": (
        "этот шаг вам недоступен: отмена оплаченного заказа возвращает деньги, "
        "а возвраты делает владелец или бухгалтер"
    ),
    "lifecycle.refused.illegal": "из статуса «{status}» так перевести заказ нельзя",
}
_REFUSED_EN = {
    "lifecycle.bad.too_long": "is too long",
    "lifecycle.bad.url": "must start with https:// or http://",
    "lifecycle.bad.tracking_only_shipped": "tracking goes only with the status shipped",
    "lifecycle.bad.reason": "is required for this step",
    "lifecycle.refused.forbidden": (
        "your role may not take this step: cancelling a paid order refunds it, "
        "and refunds are the owner's or the accountant's"
    ),
    "lifecycle.refused.illegal": "the order cannot take this step from the status {status}",
}


# `shop orders status` and `shop orders tracking` (shop/orders/cli.py).
_CLI_RU = {
    "cli.orders.unknown": "Заказа {number} нет.",
    "cli.orders.moved": "{number}: {before} → {after}",
    "cli.orders.refund": "Возврат денег: {status}",
    "cli.orders.refund_pending": (
        "Возврат денег не подтверждён ({why}): повторите его на странице заказа."
    ),
    "cli.orders.refused": "{number}: отказано — {why}. Можно: {allowed}",
    "cli.orders.refused.illegal": "из статуса «{status}» так нельзя",
    "cli.orders.refused.forbidden": "этот шаг недоступен",
    "cli.orders.refused.reason_required": "нужна причина (--reason)",
    "cli.orders.tracking.counts": (
        "строк {rows}: отправлено {shipped}, обновлено {updated}, без изменений {unchanged}, "
        "отказано {refused}"
    ),
    "cli.orders.tracking.row": "строка",
    "cli.orders.tracking.shipped": "отправлен",
    "cli.orders.tracking.updated": "трек-номер обновлён",
    "cli.orders.tracking.unchanged": "без изменений",
    "cli.orders.tracking.refused": "отказано",
    "cli.orders.tracking.columns": (
        "нужны столбцы «номер» (number) и «трек» (tracking); «служба» (carrier) и "
        "«ссылка» (url) — по желанию"
    ),
    "cli.orders.tracking.too_many": "больше 10 000 строк: разделите файл",
    "cli.orders.tracking.no_number": "нет номера заказа",
    "cli.orders.tracking.no_tracking": "нет трек-номера",
    "cli.orders.tracking.not_now": "заказ в статусе «{status}» сейчас не отправить",
}
_CLI_EN = {
    "cli.orders.unknown": "There is no order {number}.",
    "cli.orders.moved": "{number}: {before} → {after}",
    "cli.orders.refund": "Refund: {status}",
    "cli.orders.refund_pending": (
        "The refund is not confirmed ({why}): repeat it on the order page."
    ),
    "cli.orders.refused": "{number}: refused — {why}. Allowed: {allowed}",
    "cli.orders.refused.illegal": "not a step from the status {status}",
    "cli.orders.refused.forbidden": "this step is not allowed",
    "cli.orders.refused.reason_required": "a reason is required (--reason)",
    "cli.orders.tracking.counts": (
        "{rows} rows: {shipped} shipped, {updated} updated, {unchanged} unchanged, "
        "{refused} refused"
    ),
    "cli.orders.tracking.row": "row",
    "cli.orders.tracking.shipped": "shipped",
    "cli.orders.tracking.updated": "tracking updated",
    "cli.orders.tracking.unchanged": "unchanged",
    "cli.orders.tracking.refused": "refused",
    "cli.orders.tracking.columns": (
        "the columns number and tracking are needed; carrier and url are optional"
    ),
    "cli.orders.tracking.too_many": "more than 10 000 rows: split the file",
    "cli.orders.tracking.no_number": "no order number",
    "cli.orders.tracking.no_tracking": "no tracking number",
    "cli.orders.tracking.not_now": "an order in the status {status} cannot be shipped now",
}

# The shopper's own page, /a/{token}, and the chat's way to it and to a return.
_ACCOUNT_RU = {
    "account.title": "Мои заказы",
    "account.phone": "Номер: {phone}",
    "account.tracking": "Отслеживание:",
    "account.track": "где посылка",
    "account.payment": "Оплата",
    "account.refund": "Возврат",
    "account.none": "Заказов пока нет.",
    "account.private": "Это ваша личная ссылка: не пересылайте её другим.",
    "account.link": "Все заказы, доставка и оплаты: {link}",
    "lifecycle.banner.news": (
        "Покупателям не дошли {count} {count:plural:сообщение|сообщения|сообщений} о заказах: "
        "окно в 24 часа закрыто, а шаблон order_update не одобрен."
    ),
    "lifecycle.banner.news.fix": (
        "отправьте шаблоны на проверку на странице «Шаблоны сообщений»; какие сообщения "
        "не дошли, видно на странице каждого заказа"
    ),
    "returns.button": "Вернуть товар",
    "returns.offer": "Если товар не подошёл, его можно вернуть.",
    "returns.pick": "Какой заказ вы хотите вернуть?",
    "returns.pick_button": "Выбрать заказ",
    "returns.none": "Вернуть можно заказ, который уже отправлен или получен. Таких заказов нет.",
    "returns.why": "Почему вы хотите вернуть заказ {number}?",
    "returns.why_button": "Выбрать причину",
    "returns.reason.size": "Не подошёл размер",
    "returns.reason.defect": "Брак или повреждение",
    "returns.reason.wrong": "Прислали не тот товар",
    "returns.reason.other": "Другая причина",
    "returns.refused": "Вернуть заказ {number} сейчас нельзя: он {status}.",
}
_ACCOUNT_EN = {
    "account.title": "My orders",
    "account.phone": "Number: {phone}",
    "account.tracking": "Tracking:",
    "account.track": "where is the parcel",
    "account.payment": "Payment",
    "account.refund": "Refund",
    "account.none": "No orders yet.",
    "account.private": "This link is yours alone: please do not forward it.",
    "account.link": "All your orders, deliveries and payments: {link}",
    "lifecycle.banner.news": (
        "{count} {count:plural:message|messages} about orders did not reach the shoppers: "
        "the 24-hour window was closed and the order_update template is not approved."
    ),
    "lifecycle.banner.news.fix": (
        "submit the templates for review on the Message templates page; each order's page "
        "shows which messages did not go"
    ),
    "returns.button": "Return an item",
    "returns.offer": "If an item does not suit you, you can return it.",
    "returns.pick": "Which order would you like to return?",
    "returns.pick_button": "Choose the order",
    "returns.none": "An order can be returned once it is shipped or received. There is none.",
    "returns.why": "Why would you like to return order {number}?",
    "returns.why_button": "Choose the reason",
    "returns.reason.size": "The size does not fit",
    "returns.reason.defect": "Faulty or damaged",
    "returns.reason.wrong": "Not the item ordered",
    "returns.reason.other": "Another reason",
    "returns.refused": "Order {number} cannot be returned now: it is {status}.",
}

RU.update(_NEWS_RU | _REFUSED_RU | _CLI_RU | _ACCOUNT_RU)
EN.update(_NEWS_EN | _REFUSED_EN | _CLI_EN | _ACCOUNT_EN)
