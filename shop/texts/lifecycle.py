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
