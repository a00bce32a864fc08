"""Texts of orders: the status labels (the only ones anywhere) and the shopper's order page."""

from __future__ import annotations

RU: dict[str, str] = {
    # An order's status as a word in a sentence ("… — ждёт оплаты, …"); a page that shows it
    # on its own capitalises the first letter. Keys are the OrderStatus values.
    "status.awaiting_payment": "ждёт оплаты",
    "status.paid": "оплачен",
    "status.needs_review": "проверяем оплату",
    "status.partially_refunded": "частично возвращён",
    "status.refunded": "деньги возвращены",
    "status.canceled": "отменён",
    # The shopper's order page, /o/{token}
    "order.page.title": "Заказ",
    "order.page.placed": "Оформлен",
    "order.page.items": "Состав заказа",
    "order.page.total": "Итого",
    "order.page.receipt": "Чек придёт",
    "order.page.pay": "Оплатить",
    "order.page.secure": "Оплата на защищённой странице ЮKassa. Данные карты мы не видим.",
    "order.page.thanks": "Спасибо! Заказ оплачен.",
    "order.page.sandbox": "ПЕСОЧНИЦА: тестовый режим, настоящие деньги не списываются",
    "order.page.unavailable": "Платёжная система не ответила. Попробуйте ещё раз через минуту.",
}

EN: dict[str, str] = {
    "status.awaiting_payment": "awaiting payment",
    "status.paid": "paid",
    "status.needs_review": "payment under review",
    "status.partially_refunded": "partly refunded",
    "status.refunded": "refunded",
    "status.canceled": "cancelled",
    "order.page.title": "Order",
    "order.page.placed": "Placed",
    "order.page.items": "Items",
    "order.page.total": "Total",
    "order.page.receipt": "Receipt goes to",
    "order.page.pay": "Pay",
    "order.page.secure": "You pay on YooKassa's secure page. We never see your card.",
    "order.page.thanks": "Thank you! The order is paid.",
    "order.page.sandbox": "SANDBOX: test mode, no real money moves",
    "order.page.unavailable": "The payment service did not answer. Please try again in a minute.",
}
