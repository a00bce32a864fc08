"""Texts of orders: the status labels (the only ones anywhere), the order pages, reconciliation."""

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
    # What YooKassa shows the shopper and prints: the payment's description, a refund's (also
    # the line of a refund that returns the rest as a whole). In the shop's language, as the
    # receipt is.
    "order.payment.description": "Заказ {number}",
    "order.refund.description": "Возврат по заказу {number}",
    # The merchant's orders, one order, the refund's confirmation
    "admin.orders.title": "Заказы",
    "admin.orders.any_status": "все",
    "admin.orders.number": "Номер",
    "admin.orders.created": "Создан (UTC)",
    "admin.orders.paid_at": "Оплачен",
    "admin.orders.none": "Заказов пока нет",
    "admin.orders.dead": "Уведомления ЮKassa, отложенные после ошибок",
    "admin.orders.dead_help": (
        "Их больше не пробуют обработать, остальные уведомления идут своим чередом. "
        "Проверьте платёж в личном кабинете ЮKassa; пропущенное найдёт и сверка."
    ),
    "admin.orders.dead.event": "Событие",
    "admin.orders.dead.object": "Объект",
    "admin.orders.dead.received": "Получено",
    "admin.orders.dead.attempts": "Попыток",
    "admin.orders.dead.error": "Ошибка",
    "admin.order.title": "Заказ {number}",
    "admin.order.delivery": "Доставка:",
    "admin.order.total": "Итого:",
    "admin.order.lines": "Состав",
    "admin.order.product": "Товар",
    "admin.order.refund_qty": "Вернуть, шт.",
    "admin.order.refund_line": "Вернуть {title}",
    "admin.order.refund_what": "Что вернуть",
    "admin.order.refund_all": "Все товары, которые ещё не возвращены",
    "admin.order.refund_marked": "Только отмеченные выше товары",
    "admin.order.refund_delivery": "И доставку ({price})",
    "admin.order.refund_count": "Посчитать возврат",
    "admin.order.refund_help": (
        "Сумма появится на следующем шаге; деньги уйдут только после подтверждения."
    ),
    "admin.order.refund_failed": "Возврат не выполнен: {why}",
    "admin.order.bad_quantity": "количество «{value}» — не целое число",
    "admin.order.payments": "Платежи",
    "admin.order.provider_id": "Платёж ЮKassa",
    "admin.order.income": "Зачислено",
    "admin.order.refunded": "Возвращено",
    "admin.order.no_payments": "Оплат ещё не было",
    "admin.order.refunds": "Возвраты",
    "admin.order.no_refunds": "Возвратов нет",
    "admin.refund.title": "Подтвердите возврат",
    "admin.refund.retry": (
        "Прошлый возврат по этому заказу не завершился: ЮKassa не ответила. Сначала будет "
        "отправлен он, с тем же ключом, чтобы деньги не ушли дважды."
    ),
    "admin.refund.question": "Вернуть покупателю {amount}?",
    "admin.refund.what": "Что",
    "admin.refund.final": (
        "Деньги вернутся на карту или счёт, с которого платили; отменить возврат будет нельзя."
    ),
    "admin.refund.confirm": "Вернуть {amount}",
    "admin.refund.cancel": "Не возвращать",
    # Reconciliation with YooKassa
    "admin.reconcile.title": "Сверка",
    "admin.reconcile.heading": "Сверка с ЮKassa",
    "admin.reconcile.build": "Собрать",
    "admin.reconcile.unavailable": "ЮKassa не ответила, отчёт не собран. Попробуйте позже.",
    "admin.reconcile.discrepancies": "Расхождения",
    "admin.reconcile.none": "Расхождений нет",
    "admin.reconcile.operations": "Операции",
    "admin.reconcile.record": "Запись",
    "admin.reconcile.id": "Id",
    "admin.reconcile.order": "Заказ",
    "admin.reconcile.payment": "Платёж",
    "admin.reconcile.refund": "Возврат",
    "admin.reconcile.detail": "Подробно",
    "admin.reconcile.net": "Нетто",
    "admin.reconcile.day": "День (МСК)",
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
    "order.payment.description": "Order {number}",
    "order.refund.description": "Refund for order {number}",
    "admin.orders.title": "Orders",
    "admin.orders.any_status": "all",
    "admin.orders.number": "Number",
    "admin.orders.created": "Created (UTC)",
    "admin.orders.paid_at": "Paid",
    "admin.orders.none": "No orders yet",
    "admin.orders.dead": "YooKassa notifications set aside after errors",
    "admin.orders.dead_help": (
        "They are no longer retried; the other notifications go on as usual. "
        "Check the payment in your YooKassa account; reconciliation finds what was missed too."
    ),
    "admin.orders.dead.event": "Event",
    "admin.orders.dead.object": "Object",
    "admin.orders.dead.received": "Received",
    "admin.orders.dead.attempts": "Attempts",
    "admin.orders.dead.error": "Error",
    "admin.order.title": "Order {number}",
    "admin.order.delivery": "Delivery:",
    "admin.order.total": "Total:",
    "admin.order.lines": "Items",
    "admin.order.product": "Product",
    "admin.order.refund_qty": "Refund, pcs",
    "admin.order.refund_line": "Refund {title}",
    "admin.order.refund_what": "What to refund",
    "admin.order.refund_all": "Every item not refunded yet",
    "admin.order.refund_marked": "Only the items marked above",
    "admin.order.refund_delivery": "And the delivery ({price})",
    "admin.order.refund_count": "Work out the refund",
    "admin.order.refund_help": (
        "The amount shows on the next step; no money moves until you confirm."
    ),
    "admin.order.refund_failed": "Refund not made: {why}",
    "admin.order.bad_quantity": "the quantity “{value}” is not a whole number",
    "admin.order.payments": "Payments",
    "admin.order.provider_id": "YooKassa payment",
    "admin.order.income": "Credited",
    "admin.order.refunded": "Refunded",
    "admin.order.no_payments": "No payments yet",
    "admin.order.refunds": "Refunds",
    "admin.order.no_refunds": "No refunds",
    "admin.refund.title": "Confirm the refund",
    "admin.refund.retry": (
        "The last refund of this order did not finish: YooKassa did not answer. It goes first, "
        "with the same key, so the money cannot leave twice."
    ),
    "admin.refund.question": "Refund {amount} to the shopper?",
    "admin.refund.what": "What",
    "admin.refund.final": (
        "The money goes back to the card or account that paid; the refund cannot be undone."
    ),
    "admin.refund.confirm": "Refund {amount}",
    "admin.refund.cancel": "Do not refund",
    "admin.reconcile.title": "Reconciliation",
    "admin.reconcile.heading": "Reconciliation (Moscow days)",
    "admin.reconcile.build": "Build",
    "admin.reconcile.unavailable": "YooKassa did not answer; no report. Try again later.",
    "admin.reconcile.discrepancies": "Discrepancies",
    "admin.reconcile.none": "No discrepancies",
    "admin.reconcile.operations": "Operations",
    "admin.reconcile.record": "Record",
    "admin.reconcile.id": "Id",
    "admin.reconcile.order": "Order",
    "admin.reconcile.payment": "Payment",
    "admin.reconcile.refund": "Refund",
    "admin.reconcile.detail": "Detail",
    "admin.reconcile.net": "Net",
    "admin.reconcile.day": "Day (Moscow)",
}
