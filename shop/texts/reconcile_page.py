"""Texts of the reconciliation page: its sections and the discrepancies' details in words
(the spreadsheet's words, shared by the page, are in doctor.py, taxes.py and promo.py)."""

from __future__ import annotations

RU: dict[str, str] = {
    "reconcile.page.period_help": "Дни по Москве, как их считает ЮKassa; не больше года.",
    "reconcile.page.as_of": "Собран {moment}",
    "reconcile.page.totals": "Итоги по ЮKassa",
    "reconcile.page.apart": "Не через ЮKassa",
    "reconcile.page.apart_help": (
        "Скидки по промокодам уже вычтены из платежей; оплату при получении принял магазин сам."
    ),
    "reconcile.page.on_delivery": "Оплачено при получении",
    "reconcile.page.on_delivery.none": "Заказов с оплатой при получении за период нет",
    "reconcile.page.paid_at": "Оплачен",
    "reconcile.page.operations.none": "За период операций нет",
    "reconcile.page.detail.paid_vs_total": "оплачено {v0}, сумма заказа {v1}",
    "reconcile.page.detail.ours_vs_theirs": "у нас {v0}, в ЮKassa {v1}",
    "reconcile.page.detail.succeeded": "успешные платежи: {v0}",
    "reconcile.page.detail.theirs_succeeded": "ЮKassa считает платёж успешным",
    "reconcile.page.detail.no_payment": "нет успешного платежа",
    "reconcile.page.detail.refund": "возврата из ЮKassa нет в учёте",
    "reconcile.page.detail.orphan": "наш возврат ссылается на неизвестный платёж",
    "reconcile.page.detail.pending": "ждёт оплаты с {since}",
}

EN: dict[str, str] = {
    "reconcile.page.period_help": "Moscow days, as YooKassa counts them; at most a year.",
    "reconcile.page.as_of": "Built {moment}",
    "reconcile.page.totals": "YooKassa totals",
    "reconcile.page.apart": "Not through YooKassa",
    "reconcile.page.apart_help": (
        "Promo code discounts are already taken off the payments; "
        "payments on delivery were taken by the shop itself."
    ),
    "reconcile.page.on_delivery": "Paid on delivery",
    "reconcile.page.on_delivery.none": "No orders paid on delivery in the period",
    "reconcile.page.paid_at": "Paid",
    "reconcile.page.operations.none": "No operations in the period",
    "reconcile.page.detail.paid_vs_total": "paid {v0}, order total {v1}",
    "reconcile.page.detail.ours_vs_theirs": "ours {v0}, YooKassa {v1}",
    "reconcile.page.detail.succeeded": "succeeded payments: {v0}",
    "reconcile.page.detail.theirs_succeeded": "YooKassa says the payment succeeded",
    "reconcile.page.detail.no_payment": "no succeeded payment",
    "reconcile.page.detail.refund": "a YooKassa refund is missing from our books",
    "reconcile.page.detail.orphan": "our refund names an unknown payment",
    "reconcile.page.detail.pending": "pending since {since}",
}
