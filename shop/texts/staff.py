"""Texts of staff accounts: sign-in with a name, roles, the 403 page and the audit log."""

from __future__ import annotations

RU: dict[str, str] = {
    "staff.role.owner": "владелец",
    "staff.role.operator": "оператор",
    "staff.role.accountant": "бухгалтер",
    "staff.login.name": "Имя сотрудника",
    "staff.login.name_help": "Пусто — вход владельца по токену администратора (ADMIN_TOKEN).",
    "staff.login.password": "Пароль (или ADMIN_TOKEN)",
    "staff.login.failed": "Неверное имя или пароль.",
    "staff.signed_in_as": "{name} ({role})",
    "staff.forbidden.title": "Нет доступа",
    "staff.forbidden.text": (
        "Эта страница или действие недоступны для роли «{role}». "
        "Если она нужна вам для работы, попросите владельца магазина сменить вам роль."
    ),
    "staff.forbidden.back": "На главную",
    "staff.audit.title": "Журнал",
    "staff.audit.heading": "Журнал действий",
    "staff.audit.help": (
        "Кто и когда сделал возврат, отменил заказ, изменил настройки, добавил или отключил "
        "сотрудника. Новые записи сверху."
    ),
    "staff.audit.empty": "Записей пока нет.",
    "staff.audit.who": "Кто",
    "staff.audit.what": "Что",
    "staff.audit.object": "Объект",
    "staff.audit.detail": "Подробности",
    "staff.audit.newer": "← Новее",
    "staff.audit.older": "Старше →",
    "staff.audit.page": "Страница {page} из {pages}",
    "staff.action.refund": "возврат",
    "staff.action.order.cancel": "отмена заказа",
    "staff.action.settings": "изменение настроек",
    "staff.action.user.add": "сотрудник добавлен",
    "staff.action.user.disable": "сотрудник отключён",
    "staff.actor.admin": "владелец (ADMIN_TOKEN)",
    "staff.actor.cli": "командная строка",
}

EN: dict[str, str] = {
    "staff.role.owner": "owner",
    "staff.role.operator": "operator",
    "staff.role.accountant": "accountant",
    "staff.login.name": "Staff name",
    "staff.login.name_help": "Empty: the owner signs in with the admin token (ADMIN_TOKEN).",
    "staff.login.password": "Password (or ADMIN_TOKEN)",
    "staff.login.failed": "Wrong name or password.",
    "staff.signed_in_as": "{name} ({role})",
    "staff.forbidden.title": "Not allowed",
    "staff.forbidden.text": (
        "This page or action is not open to the role “{role}”. "
        "If you need it for your work, ask the shop's owner to change your role."
    ),
    "staff.forbidden.back": "Home",
    "staff.audit.title": "Log",
    "staff.audit.heading": "Audit log",
    "staff.audit.help": (
        "Who refunded, cancelled an order, changed settings, added or disabled a member of "
        "staff, and when. Newest first."
    ),
    "staff.audit.empty": "Nothing logged yet.",
    "staff.audit.who": "Who",
    "staff.audit.what": "What",
    "staff.audit.object": "Object",
    "staff.audit.detail": "Details",
    "staff.audit.newer": "← Newer",
    "staff.audit.older": "Older →",
    "staff.audit.page": "Page {page} of {pages}",
    "staff.action.refund": "refund",
    "staff.action.order.cancel": "order cancelled",
    "staff.action.settings": "settings changed",
    "staff.action.user.add": "staff member added",
    "staff.action.user.disable": "staff member disabled",
    "staff.actor.admin": "owner (ADMIN_TOKEN)",
    "staff.actor.cli": "command line",
}
