"""Texts of the merchant pages' frame and of the pages of no one domain: sign-in, inbox, chats."""

from __future__ import annotations

RU: dict[str, str] = {
    # The frame around every merchant page
    "admin.brand": "Витрина",
    "admin.sandbox.word": "ПЕСОЧНИЦА",
    "admin.sandbox.note": "WhatsApp и ЮKassa ненастоящие, покупатели и деньги не затрагиваются",
    "admin.open_mode": "ADMIN_TOKEN не задан: страницы и API открыты без входа",
    "admin.logout": "Выйти",
    "admin.menu": "Меню",
    # Words several pages share
    "admin.since": "С",
    "admin.until": "По",
    "admin.show": "Показать",
    "admin.upload": "Загрузить",
    "admin.save": "Сохранить",
    "admin.yes": "да",
    "admin.no": "нет",
    "admin.col.amount": "Сумма",
    "admin.col.status": "Статус",
    "admin.col.reason": "Причина",
    "admin.col.quantity": "Кол-во",
    "admin.col.price": "Цена",
    "admin.col.sku": "Артикул",
    "admin.col.fee": "Комиссия",
    "admin.col.when": "Когда",
    "admin.col.kind": "Вид",
    "admin.col.row": "Строка",
    "admin.col.rows": "Строк",
    "admin.col.column": "Колонка",
    # Sign-in and the home page
    "admin.login.title": "Вход",
    "admin.login.heading": "Вход для продавца",
    "admin.login.failed": "Неверный токен.",
    "admin.login.throttled": (
        "Слишком много неверных попыток входа. Подождите минуту и попробуйте снова."
    ),
    "admin.login.token": "Токен администратора (ADMIN_TOKEN)",
    "admin.login.submit": "Войти",
    "admin.home.title": "Кабинет",
    "admin.home.heading": "Кабинет продавца",
    # The WhatsApp inbox
    "admin.inbox.title": "Входящие",
    "admin.inbox.heading": "Входящие WhatsApp",
    "admin.inbox.pending": "В очереди:",
    "admin.inbox.unsplit": "уведомлений ждут разбора:",
    "admin.inbox.oldest": "(старейшее с {when})",
    "admin.inbox.failing": "с ошибкой:",
    "admin.inbox.dead": "не обработано:",
    "admin.inbox.dead_letters": "Не обработано",
    "admin.inbox.dead_help": (
        "Сообщения и события, которые не удалось разобрать или обработать после нескольких "
        "попыток. Остальные покупатели при этом обслуживаются; покупателю отправлено извинение."
    ),
    "admin.inbox.event": "событие № {id}",
    "admin.inbox.body": "Содержимое",
    "admin.inbox.all_done": "Всё обработано.",
    # Chats waiting for a person
    "admin.chats.title": "Чаты",
    "admin.chats.heading": "Покупатели ждут сотрудника",
    "admin.chats.shopper": "Покупатель",
    "admin.chats.waiting": "ждёт с {when}",
    "admin.chats.reply": "Ответ",
    "admin.chats.send": "Отправить",
    "admin.chats.release": "Вернуть боту",
    "admin.chats.none": "Никто не ждёт.",
    "admin.chats.window_closed": (
        "Не отправлено: покупатель не писал больше 24 часов, свободный текст WhatsApp не пропустит."
    ),
}

EN: dict[str, str] = {
    "admin.brand": "Vitrina",
    "admin.sandbox.word": "SANDBOX",
    "admin.sandbox.note": "WhatsApp and YooKassa are simulated; no shopper and no money is touched",
    "admin.open_mode": "ADMIN_TOKEN is not set: pages and API are open",
    "admin.logout": "Sign out",
    "admin.menu": "Menu",
    "admin.since": "From",
    "admin.until": "To",
    "admin.show": "Show",
    "admin.upload": "Upload",
    "admin.save": "Save",
    "admin.yes": "yes",
    "admin.no": "no",
    "admin.col.amount": "Amount",
    "admin.col.status": "Status",
    "admin.col.reason": "Reason",
    "admin.col.quantity": "Qty",
    "admin.col.price": "Price",
    "admin.col.sku": "SKU",
    "admin.col.fee": "Fee",
    "admin.col.when": "When",
    "admin.col.kind": "Kind",
    "admin.col.row": "Row",
    "admin.col.rows": "Rows",
    "admin.col.column": "Column",
    "admin.login.title": "Sign in",
    "admin.login.heading": "Merchant sign-in",
    "admin.login.failed": "Wrong token.",
    "admin.login.throttled": "Too many wrong tokens. Wait a minute and try again.",
    "admin.login.token": "Admin token (ADMIN_TOKEN)",
    "admin.login.submit": "Sign in",
    "admin.home.title": "Dashboard",
    "admin.home.heading": "Merchant dashboard",
    "admin.inbox.title": "Inbox",
    "admin.inbox.heading": "WhatsApp inbox",
    "admin.inbox.pending": "Queued:",
    "admin.inbox.unsplit": "notifications waiting to be read:",
    "admin.inbox.oldest": "(the oldest since {when})",
    "admin.inbox.failing": "failing:",
    "admin.inbox.dead": "not processed:",
    "admin.inbox.dead_letters": "Dead letters",
    "admin.inbox.dead_help": (
        "Messages and events that could not be read or handled after several attempts. "
        "Other shoppers are served meanwhile; this shopper was sent an apology."
    ),
    "admin.inbox.event": "event no. {id}",
    "admin.inbox.body": "Contents",
    "admin.inbox.all_done": "Everything is processed.",
    "admin.chats.title": "Chats",
    "admin.chats.heading": "Chats waiting for a person",
    "admin.chats.shopper": "Shopper",
    "admin.chats.waiting": "waiting since {when}",
    "admin.chats.reply": "Reply",
    "admin.chats.send": "Send",
    "admin.chats.release": "Back to the bot",
    "admin.chats.none": "Nobody is waiting.",
    "admin.chats.window_closed": (
        "Not sent: the shopper has not written for over 24 hours, "
        "and WhatsApp does not let free text through."
    ),
}
