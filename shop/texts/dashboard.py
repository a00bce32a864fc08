"""Texts of the home dashboard: its figures, the red banners and the doctor page."""

from __future__ import annotations

RU: dict[str, str] = {
    "dashboard.title": "Сводка",
    "dashboard.heading": "Сводка магазина",
    "dashboard.today": "Сегодня",
    "dashboard.week": "7 дней",
    "dashboard.period_note": "Сегодня — с полуночи по времени магазина ({zone}); 7 дней — "
    "сегодня и шесть дней до него.",
    "dashboard.figure": "Показатель",
    "dashboard.sales": "Продажи",
    "dashboard.orders": "Заказов оформлено",
    "dashboard.paid": "Из них оплачено",
    "dashboard.paid_share": "Доля оплаченных",
    "dashboard.revenue": "Получено оплат",
    "dashboard.revenue.help": "Сумма оплат за период, до возвратов",
    "dashboard.reminders": "Напоминания о корзине",
    "dashboard.reminders.sent": "Отправлено напоминаний",
    "dashboard.reminders.recovered": "Возвращено выручки",
    "dashboard.reminders.recovered.help": "Оплаченные заказы в течение 7 дней после "
    "напоминания, отправленного за период",
    "dashboard.now": "Сейчас",
    "dashboard.chats_waiting": "Чаты ждут ответа человека",
    "dashboard.chats_waiting.since": "дольше всех ждёт с {when}",
    "dashboard.sync_errors": "Товары с ошибкой синхронизации",
    "dashboard.sync_pending": "Товары ждут отправки в каталог WhatsApp",
    "dashboard.queues": "Очереди",
    "dashboard.inbox_backlog": "Входящие в очереди",
    "dashboard.inbox_backlog.since": "самое старое с {when}",
    "dashboard.inbox_failing": "Входящие с ошибкой обработки",
    "dashboard.dead_letters": "Неразобранные сообщения",
    "dashboard.failed_sends": "Не отправлено сообщений",
    "dashboard.none": "—",
    "dashboard.all_clear": "Всё работает: проблем не найдено.",
    "dashboard.doctor_link": "Проверка готовности магазина",
    "dashboard.api": (
        "API для своих программ: {link}; ключ — ADMIN_TOKEN или токен со страницы «Мой профиль»."
    ),
    # Banners
    "dashboard.banner.fix": "Что сделать",
    "dashboard.banner.more": "Подробнее",
    "dashboard.banner.token": "Meta не принимает токен доступа: сообщения покупателям не уходят.",
    "dashboard.banner.token.fix": "выпустите новый постоянный токен системного пользователя в "
    "Meta Business Suite, впишите его в WHATSAPP_ACCESS_TOKEN и перезапустите магазин.",
    "dashboard.banner.webhook.never": "От Meta не пришло ни одного вебхука: магазин не видит "
    "сообщения покупателей.",
    "dashboard.banner.webhook.silent": "Вебхуки от Meta перестали приходить: сообщения "
    "уходят, а ответов и статусов нет.",
    "dashboard.banner.webhook.fix": "в настройках приложения Meta проверьте адрес вебхука "
    "(…/webhooks/whatsapp), токен проверки и подписку на поле messages; проверьте, что "
    "адрес открывается из интернета по HTTPS.",
    "dashboard.banner.templates": "Шаблоны сообщений не работают: {names}.",
    "dashboard.banner.templates.one": "{name} — {status}",
    "dashboard.banner.templates.fix": "откройте WhatsApp Manager → Шаблоны сообщений, "
    "исправьте или подайте шаблон заново, затем выполните shop templates sync.",
    "dashboard.template.paused": "приостановлен",
    "dashboard.template.rejected": "отклонён",
    "dashboard.template.disabled": "отключён",
    "dashboard.template.pending_deletion": "удаляется",
    "dashboard.template.deleted": "удалён",
    "dashboard.banner.quality": "Качество номера у Meta — {rating}: Meta может снизить "
    "лимит сообщений.",
    "dashboard.banner.quality.fix": "пишите только тем, кто согласился, реже напоминайте о "
    "корзине и отвечайте на жалобы; напоминания уже приостановлены, пока качество низкое.",
    "dashboard.quality.yellow": "жёлтое",
    "dashboard.quality.red": "красное",
    "dashboard.banner.sync": "Каталог WhatsApp не принял {count} "
    "{count:plural:товар|товара|товаров}.",
    "dashboard.banner.sync.fix": "откройте товары с ошибкой, исправьте их по сообщению Meta и "
    "загрузите файл каталога снова; на странице каталога их можно и отправить снова без "
    "изменений.",
    # The doctor page
    "doctor.page.title": "Проверка готовности",
    "doctor.page.heading": "Готов ли магазин к работе",
    "doctor.page.intro": "Те же проверки, что и команда shop doctor: адрес, секреты, токен "
    "Meta, вебхук, шаблоны, каталог, ЮKassa, сети уведомлений и доставка.",
    "doctor.page.check": "Проверка",
    "doctor.page.result": "Результат",
    "doctor.page.passed": "пройдена",
    "doctor.page.failed": "не пройдена",
    "doctor.page.summary_ok": "Все проверки пройдены: магазин готов к работе.",
    "doctor.page.summary_failed": "Не пройдено {count} {count:plural:проверка|проверки|проверок} "
    "из {total}.",
    "doctor.page.again": "Проверить снова",
    "doctor.page.checked_at": "Проверено {when}",
}

EN: dict[str, str] = {
    "dashboard.title": "Overview",
    "dashboard.heading": "Shop overview",
    "dashboard.today": "Today",
    "dashboard.week": "7 days",
    "dashboard.period_note": "Today is since midnight in the shop's time zone ({zone}); "
    "7 days are today and the six days before it.",
    "dashboard.figure": "Figure",
    "dashboard.sales": "Sales",
    "dashboard.orders": "Orders placed",
    "dashboard.paid": "Of them paid",
    "dashboard.paid_share": "Paid share",
    "dashboard.revenue": "Payments received",
    "dashboard.revenue.help": "Payments in the period, before refunds",
    "dashboard.reminders": "Cart reminders",
    "dashboard.reminders.sent": "Reminders sent",
    "dashboard.reminders.recovered": "Revenue recovered",
    "dashboard.reminders.recovered.help": "Orders paid within 7 days of a reminder sent in the "
    "period",
    "dashboard.now": "Now",
    "dashboard.chats_waiting": "Chats waiting for a person",
    "dashboard.chats_waiting.since": "the longest since {when}",
    "dashboard.sync_errors": "Products with a sync error",
    "dashboard.sync_pending": "Products waiting for the WhatsApp catalog",
    "dashboard.queues": "Queues",
    "dashboard.inbox_backlog": "Inbox backlog",
    "dashboard.inbox_backlog.since": "the oldest since {when}",
    "dashboard.inbox_failing": "Inbox items failing",
    "dashboard.dead_letters": "Dead letters",
    "dashboard.failed_sends": "Messages not sent",
    "dashboard.none": "—",
    "dashboard.all_clear": "Everything works: no problems found.",
    "dashboard.doctor_link": "Go-live check",
    "dashboard.api": (
        "An API for your own programs: {link}; the key is ADMIN_TOKEN or a token from «My profile»."
    ),
    "dashboard.banner.fix": "What to do",
    "dashboard.banner.more": "Details",
    "dashboard.banner.token": "Meta refuses the access token: no message reaches shoppers.",
    "dashboard.banner.token.fix": "issue a new permanent system user token in Meta Business "
    "Suite, put it in WHATSAPP_ACCESS_TOKEN and restart the shop.",
    "dashboard.banner.webhook.never": "No webhook has ever arrived from Meta: the shop does not "
    "see shoppers' messages.",
    "dashboard.banner.webhook.silent": "Webhooks from Meta stopped arriving: messages go out, "
    "but no replies or statuses come back.",
    "dashboard.banner.webhook.fix": "in the Meta app's settings check the webhook URL "
    "(…/webhooks/whatsapp), the verify token and the subscription to the messages field; check "
    "that the address opens from the internet over HTTPS.",
    "dashboard.banner.templates": "Message templates do not work: {names}.",
    "dashboard.banner.templates.one": "{name} — {status}",
    "dashboard.banner.templates.fix": "open WhatsApp Manager → Message templates, fix or "
    "resubmit the template, then run shop templates sync.",
    "dashboard.template.paused": "paused",
    "dashboard.template.rejected": "rejected",
    "dashboard.template.disabled": "disabled",
    "dashboard.template.pending_deletion": "being deleted",
    "dashboard.template.deleted": "deleted",
    "dashboard.banner.quality": "Meta rates the number's quality {rating}: Meta may lower its "
    "messaging limit.",
    "dashboard.banner.quality.fix": "message only shoppers who agreed, remind of carts less "
    "often and answer complaints; reminders are already paused while quality is low.",
    "dashboard.quality.yellow": "yellow",
    "dashboard.quality.red": "red",
    "dashboard.banner.sync": "The WhatsApp catalog refused {count} "
    "{count:plural:product|products}.",
    "dashboard.banner.sync.fix": "open the products with an error, fix them as Meta's message "
    "says and upload the catalog file again; the catalog page can also send them again unchanged.",
    "doctor.page.title": "Go-live check",
    "doctor.page.heading": "Is the shop ready to go live",
    "doctor.page.intro": "The same checks as the shop doctor command: address, secrets, Meta's "
    "token, webhook, templates, catalog, YooKassa, notification networks and delivery.",
    "doctor.page.check": "Check",
    "doctor.page.result": "Result",
    "doctor.page.passed": "passed",
    "doctor.page.failed": "failed",
    "doctor.page.summary_ok": "Every check passed: the shop is ready to go live.",
    "doctor.page.summary_failed": "{count} {count:plural:check|checks} of {total} failed.",
    "doctor.page.again": "Check again",
    "doctor.page.checked_at": "Checked {when}",
}
