"""Texts of the merchant's order page about the order's path: its steps, tracking, the
return, the history, the news told to the shopper, and the cancel's question."""

from __future__ import annotations

# The order page's path: steps, tracking, the return, history, news; the cancel's question.
RU: dict[str, str] = {
    "lifecycle.page.path": "Путь заказа",
    "lifecycle.page.tracking": "Отслеживание:",
    "lifecycle.page.track": "отследить посылку",
    "lifecycle.page.return_asked": "Покупатель просит вернуть товар: «{reason}»",
    "lifecycle.page.accept_return": "Принять возврат: что вернуть",
    "lifecycle.page.accept_return_help": (
        "Чтобы принять возврат, отметьте в таблице ниже возвращаемые товары и посчитайте "
        "возврат: после возврата денег заказ станет «возвращён». Чтобы отказать, укажите "
        "причину и нажмите «Отклонить возврат»."
    ),
    "lifecycle.page.tracking_legend": "Для отправки (необязательно)",
    "lifecycle.page.carrier": "Служба доставки",
    "lifecycle.page.tracking_number": "Трек-номер",
    "lifecycle.page.tracking_url": "Ссылка для отслеживания",
    "lifecycle.page.reason": "Комментарий или причина",
    "lifecycle.page.steps_help": (
        "Покупатель получит сообщение о подтверждении, отправке, готовности к выдаче, "
        "получении и отмене. Для отмены и отказа в возврате причина обязательна."
    ),
    "lifecycle.page.no_steps": "Дальше заказ не движется.",
    "lifecycle.page.history": "История заказа",
    "lifecycle.page.who": "Кто",
    "lifecycle.page.no_history": "Статус ещё не менялся.",
    "lifecycle.page.news": "Сообщения покупателю",
    "lifecycle.page.news_what": "О чём",
    "lifecycle.page.by_template": "шаблоном order_update",
    "lifecycle.page.no_news": "Сообщений о заказе пока не было.",
    "lifecycle.page.bad_field": "Поле «{field}»",
    "lifecycle.page.unknown_step": "Неизвестный шаг заказа.",
    "lifecycle.page.reason_needed": "Укажите причину: без неё этот шаг не делается.",
    "lifecycle.page.refund_pending": (
        "Заказ отменён, но ЮKassa не подтвердила возврат денег ({why}). "
        "Нажмите «Посчитать возврат», чтобы отправить его ещё раз."
    ),
    "lifecycle.do.confirmed": "Подтвердить",
    "lifecycle.do.assembling": "Начать сборку",
    "lifecycle.do.shipped": "Отправлен",
    "lifecycle.do.ready_for_pickup": "Готов к выдаче",
    "lifecycle.do.delivered": "Получен покупателем",
    "lifecycle.do.closed": "Завершить",
    "lifecycle.do.closed_return": "Отклонить возврат",
    "lifecycle.do.canceled": "Отменить заказ…",
    "lifecycle.do.return_requested": "Оформить возврат",
    "lifecycle.do.returned": "Принять возврат",
    "lifecycle.cancel.title": "Отменить заказ?",
    "lifecycle.cancel.refund": "Покупателю вернётся {amount}, товары вернутся в продажу.",
    "lifecycle.cancel.unpaid": (
        "Заказ не оплачен: деньги не возвращаются, товары вернутся в продажу."
    ),
    "lifecycle.cancel.final": (
        "Отменённый заказ нельзя вернуть в работу. Покупатель получит сообщение."
    ),
    "lifecycle.cancel.confirm_refund": "Отменить и вернуть {amount}",
    "lifecycle.cancel.confirm": "Отменить заказ",
    "lifecycle.cancel.keep": "Не отменять",
    "lifecycle.actor.system": "система",
    "lifecycle.actor.shopper": "покупатель",
    "lifecycle.why.expired": "не оплачен за 24 часа",
    "lifecycle.why.paid": "оплата получена",
    "lifecycle.why.mismatch": "оплачена другая сумма",
    "lifecycle.why.duplicate": "повторная оплата",
    "lifecycle.why.late": "оплата после отмены",
    "lifecycle.why.refunded": "возврат денег",
    "lifecycle.news_state.queued": "отправлено",
    "lifecycle.news_state.undelivered": "не доставлено",
    "lifecycle.news.paid": "оплата получена",
    "lifecycle.news.refunded": "возврат денег",
    "lifecycle.news.confirmed": "заказ подтверждён",
    "lifecycle.news.shipped": "заказ отправлен",
    "lifecycle.news.ready_for_pickup": "заказ ждёт в пункте выдачи",
    "lifecycle.news.delivered": "заказ получен",
    "lifecycle.news.canceled": "заказ отменён",
    "lifecycle.news.canceled_paid": "заказ отменён, деньги вернутся",
    "lifecycle.news.expired": "заказ не оплачен вовремя и отменён",
    "lifecycle.news.unpaid": "напоминание об оплате",
    "lifecycle.news.return_requested": "просьба о возврате получена",
    "lifecycle.news.returned": "возврат принят",
}
EN: dict[str, str] = {
    "lifecycle.page.path": "Order path",
    "lifecycle.page.tracking": "Tracking:",
    "lifecycle.page.track": "track the parcel",
    "lifecycle.page.return_asked": "The shopper asks to return: “{reason}”",
    "lifecycle.page.accept_return": "Accept the return: what to refund",
    "lifecycle.page.accept_return_help": (
        "To accept the return, mark the returned items in the table below and work out the "
        "refund: once the money is back the order becomes “returned”. To decline, give the "
        "reason and press “Decline the return”."
    ),
    "lifecycle.page.tracking_legend": "For shipping (optional)",
    "lifecycle.page.carrier": "Carrier",
    "lifecycle.page.tracking_number": "Tracking number",
    "lifecycle.page.tracking_url": "Tracking link",
    "lifecycle.page.reason": "Comment or reason",
    "lifecycle.page.steps_help": (
        "The shopper is told of the confirmation, shipping, readiness for pickup, receipt "
        "and a cancel. A cancel and a declined return need a reason."
    ),
    "lifecycle.page.no_steps": "The order goes no further.",
    "lifecycle.page.history": "Order history",
    "lifecycle.page.who": "Who",
    "lifecycle.page.no_history": "The status has not changed yet.",
    "lifecycle.page.news": "Messages to the shopper",
    "lifecycle.page.news_what": "About",
    "lifecycle.page.by_template": "by the order_update template",
    "lifecycle.page.no_news": "No messages about the order yet.",
    "lifecycle.page.bad_field": "Field “{field}”",
    "lifecycle.page.unknown_step": "Unknown order step.",
    "lifecycle.page.reason_needed": "Give a reason: this step needs one.",
    "lifecycle.page.refund_pending": (
        "The order is canceled, but YooKassa has not confirmed the refund ({why}). "
        "Press “Work out the refund” to send it again."
    ),
    "lifecycle.do.confirmed": "Confirm",
    "lifecycle.do.assembling": "Start packing",
    "lifecycle.do.shipped": "Shipped",
    "lifecycle.do.ready_for_pickup": "Ready for pickup",
    "lifecycle.do.delivered": "Received by the shopper",
    "lifecycle.do.closed": "Close",
    "lifecycle.do.closed_return": "Decline the return",
    "lifecycle.do.canceled": "Cancel the order…",
    "lifecycle.do.return_requested": "Open a return",
    "lifecycle.do.returned": "Accept the return",
    "lifecycle.cancel.title": "Cancel the order?",
    "lifecycle.cancel.refund": "The shopper gets {amount} back; the items go back on sale.",
    "lifecycle.cancel.unpaid": (
        "The order is not paid: no money goes back; the items go back on sale."
    ),
    "lifecycle.cancel.final": (
        "A canceled order cannot be brought back. The shopper gets a message."
    ),
    "lifecycle.cancel.confirm_refund": "Cancel and refund {amount}",
    "lifecycle.cancel.confirm": "Cancel the order",
    "lifecycle.cancel.keep": "Keep the order",
    "lifecycle.actor.system": "system",
    "lifecycle.actor.shopper": "shopper",
    "lifecycle.why.expired": "not paid within 24 hours",
    "lifecycle.why.paid": "payment received",
    "lifecycle.why.mismatch": "a different amount was paid",
    "lifecycle.why.duplicate": "a second payment",
    "lifecycle.why.late": "paid after the cancel",
    "lifecycle.why.refunded": "money refunded",
    "lifecycle.news_state.queued": "sent",
    "lifecycle.news_state.undelivered": "not delivered",
    "lifecycle.news.paid": "payment received",
    "lifecycle.news.refunded": "money refunded",
    "lifecycle.news.confirmed": "order confirmed",
    "lifecycle.news.shipped": "order shipped",
    "lifecycle.news.ready_for_pickup": "order waiting at the pickup point",
    "lifecycle.news.delivered": "order received",
    "lifecycle.news.canceled": "order canceled",
    "lifecycle.news.canceled_paid": "order canceled, money going back",
    "lifecycle.news.expired": "order not paid in time and canceled",
    "lifecycle.news.unpaid": "payment reminder",
    "lifecycle.news.return_requested": "return request received",
    "lifecycle.news.returned": "return accepted",
}
