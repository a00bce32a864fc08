"""Words for codes the merchant pages still showed as they are stored: an import's file format
and mode on its report, the audit log's subjects, actions and values."""

from __future__ import annotations

RU: dict[str, str] = {
    "admin.import.format.spreadsheet": "таблица",
    "admin.import.format.meta": "фид Meta",
    "admin.import.mode.full": "полный",
    "admin.import.mode.partial": "частичный",
    "audit.subject.order": "Заказ {number}",
    "audit.subject.user": "Сотрудник {name}",
    "audit.subject.settings": "Настройки: {page}",
    "audit.value.yes": "да",
    "audit.value.no": "нет",
    "staff.action.order.status": "смена статуса заказа",
    "staff.action.order.tracking": "трек-номер",
    "staff.action.order.paid_on_delivery": "оплачен при получении",
}

EN: dict[str, str] = {
    "admin.import.format.spreadsheet": "spreadsheet",
    "admin.import.format.meta": "Meta feed",
    "admin.import.mode.full": "full",
    "admin.import.mode.partial": "partial",
    "audit.subject.order": "Order {number}",
    "audit.subject.user": "Staff member {name}",
    "audit.subject.settings": "Settings: {page}",
    "audit.value.yes": "yes",
    "audit.value.no": "no",
    "staff.action.order.status": "order status changed",
    "staff.action.order.tracking": "tracking number",
    "staff.action.order.paid_on_delivery": "paid on delivery",
}
