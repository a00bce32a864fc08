"""Texts of the message templates Vitrina submits for review (shop/whatsapp/template_book.py).

A body names its parameters (`{number}`); the book puts Meta's `{{1}}`, `{{2}}` in their
places, in the order the book lists them. Examples are what Meta's reviewers see.
"""

from __future__ import annotations

RU: dict[str, str] = {
    "book.cart_reminder.body": (
        "Здравствуйте, {name}! Вы оставили товары в корзине на сумму {total}. "
        "Оформить заказ можно в пару касаний."
    ),
    "book.cart_reminder.footer": "Отписаться можно кнопкой ниже",
    "book.cart_reminder.example.name": "Анна",
    "book.cart_reminder.example.total": "1 299,00 ₽",
    "book.cart_reminder.button.0": "Вернуться к корзине",
    "book.cart_reminder.button.1": "Отписаться",
    "book.cart_reminder_promo.body": (
        "Здравствуйте, {name}! Вы оставили товары в корзине на сумму {total}. "
        "По промокоду {code} оформите их со скидкой."
    ),
    "book.cart_reminder_promo.footer": "Отписаться можно кнопкой ниже",
    "book.cart_reminder_promo.example.name": "Анна",
    "book.cart_reminder_promo.example.total": "1 299,00 ₽",
    "book.cart_reminder_promo.example.code": "K7M2QX9P",
    "book.cart_reminder_promo.button.0": "Вернуться к корзине",
    "book.cart_reminder_promo.button.1": "Отписаться",
    "book.order_link.body": "Заказ № {number} оформлен. Оплатить и проверить его можно по ссылке.",
    "book.order_link.example.number": "A-10001",
    "book.order_link.button.0": "Открыть заказ",
    "book.order_update.body": "Новости по заказу № {number}: {news}. Подробности — по кнопке.",
    "book.order_update.example.number": "A-10001",
    "book.order_update.example.news": "заказ передан в доставку, трек-номер 80080012345678",
    "book.order_update.button.0": "Открыть заказ",
    "book.csat.body": (
        "Спасибо, что написали нам. Оцените, пожалуйста, насколько мы помогли: "
        "от 1 (плохо) до 5 (отлично)."
    ),
    "book.csat.button.0": "1",
    "book.csat.button.1": "2",
    "book.csat.button.2": "3",
    "book.csat.button.3": "4",
    "book.csat.button.4": "5",
    # `shop templates submit` and the templates page
    "book.submit.submitted": "{name} ({language}): отправлен на проверку, статус {status}",
    "book.submit.exists": "{name} ({language}): уже есть в аккаунте, статус {status}",
    "book.submit.rejected": "{name} ({language}): Meta отказала: {reason}",
    "book.submit.unreachable": "Шаблоны аккаунта недоступны: {why}",
    # What `shop doctor` finds wrong with an approved template of the book
    "book.problem.category": "категория должна быть {category}",
    "book.problem.parameters": "в тексте нужно параметров: {count}",
    "book.problem.quick_replies": "нужно кнопок быстрого ответа: {count}",
    # The templates page
    "book.page.title": "Шаблоны сообщений",
    "book.page.help": (
        "Вне 24-часового окна покупателю можно писать только одобренными Meta шаблонами. "
        "Здесь шаблоны, которые нужны Витрине, на русском и английском, и их статус проверки."
    ),
    "book.page.submit": "Отправить на проверку",
    "book.page.submit_help": (
        "Отправит в Meta шаблоны, которых ещё нет в аккаунте. Проверка обычно занимает "
        "от нескольких минут до суток; статус здесь обновится сам."
    ),
    "book.page.report": (
        "Отправлено на проверку: {submitted}. Уже были в аккаунте: {exists}. "
        "Отклонено Meta: {rejected}."
    ),
    "book.page.failed": "Не удалось связаться с Meta. Проверьте токен и повторите позже.",
    "book.page.sandbox": (
        "В песочнице Meta шаблоны не проверяет: отправленный шаблон остаётся на проверке, "
        "пока вы сами не одобрите или не отклоните его в управлении песочницей. Как это "
        "сделать, написано в README, в разделе «Message templates in the sandbox»."
    ),
    "book.page.name": "Шаблон",
    "book.page.language": "Язык",
    "book.page.language.ru": "русский",
    "book.page.language.en": "английский",
    "book.page.category": "Категория",
    "book.page.category.UTILITY": "сервисный",
    "book.page.category.MARKETING": "маркетинговый",
    "book.page.text": "Текст и кнопки",
    "book.page.status": "Статус",
    "book.status.APPROVED": "Одобрен",
    "book.status.PENDING": "На проверке",
    "book.status.REJECTED": "Отклонён",
    "book.status.PAUSED": "Приостановлен",
    "book.status.DISABLED": "Отключён",
    "book.status.MISSING": "Не отправлен",
}

EN: dict[str, str] = {
    "book.cart_reminder.body": (
        "Hello, {name}! You left items worth {total} in your cart. "
        "You can check out in a couple of taps."
    ),
    "book.cart_reminder.footer": "Unsubscribe with the button below",
    "book.cart_reminder.example.name": "Anna",
    "book.cart_reminder.example.total": "RUB 1,299.00",
    "book.cart_reminder.button.0": "Back to my cart",
    "book.cart_reminder.button.1": "Unsubscribe",
    "book.cart_reminder_promo.body": (
        "Hello, {name}! You left items worth {total} in your cart. "
        "Use promo code {code} to get them at a discount."
    ),
    "book.cart_reminder_promo.footer": "Unsubscribe with the button below",
    "book.cart_reminder_promo.example.name": "Anna",
    "book.cart_reminder_promo.example.total": "RUB 1,299.00",
    "book.cart_reminder_promo.example.code": "K7M2QX9P",
    "book.cart_reminder_promo.button.0": "Back to my cart",
    "book.cart_reminder_promo.button.1": "Unsubscribe",
    "book.order_link.body": (
        "Order {number} is placed. You can pay for it and check it at the link."
    ),
    "book.order_link.example.number": "A-10001",
    "book.order_link.button.0": "Open the order",
    "book.order_update.body": (
        "News about order {number}: {news}. The details are behind the button."
    ),
    "book.order_update.example.number": "A-10001",
    "book.order_update.example.news": "your order is on its way, tracking number 80080012345678",
    "book.order_update.button.0": "Open the order",
    "book.csat.body": (
        "Thank you for writing to us. How well did we help? "
        "Please rate from 1 (poor) to 5 (excellent)."
    ),
    "book.csat.button.0": "1",
    "book.csat.button.1": "2",
    "book.csat.button.2": "3",
    "book.csat.button.3": "4",
    "book.csat.button.4": "5",
    "book.submit.submitted": "{name} ({language}): submitted for review, status {status}",
    "book.submit.exists": "{name} ({language}): already in the account, status {status}",
    "book.submit.rejected": "{name} ({language}): Meta refused it: {reason}",
    "book.submit.unreachable": "The account's templates are out of reach: {why}",
    "book.problem.category": "its category must be {category}",
    "book.problem.parameters": "the body needs {count} parameter(s)",
    "book.problem.quick_replies": "it needs {count} quick reply button(s)",
    "book.page.title": "Message templates",
    "book.page.help": (
        "Outside the 24-hour window a shopper may only be written to with templates Meta "
        "approved. These are the templates Vitrina needs, in Russian and English, and their review."
    ),
    "book.page.submit": "Submit for review",
    "book.page.submit_help": (
        "Sends Meta the templates the account does not have yet. A review takes from a few "
        "minutes to a day; the status here follows by itself."
    ),
    "book.page.report": (
        "Submitted for review: {submitted}. Already in the account: {exists}. "
        "Refused by Meta: {rejected}."
    ),
    "book.page.failed": "Meta could not be reached. Check the token and try again later.",
    "book.page.sandbox": (
        "In the sandbox Meta does not review templates: a submitted template stays in "
        "review until you approve or reject it yourself through the sandbox's controls. "
        "README tells how, in the section «Message templates in the sandbox»."
    ),
    "book.page.name": "Template",
    "book.page.language": "Language",
    "book.page.language.ru": "Russian",
    "book.page.language.en": "English",
    "book.page.category": "Category",
    "book.page.category.UTILITY": "utility",
    "book.page.category.MARKETING": "marketing",
    "book.page.text": "Text and buttons",
    "book.page.status": "Status",
    "book.status.APPROVED": "Approved",
    "book.status.PENDING": "In review",
    "book.status.REJECTED": "Rejected",
    "book.status.PAUSED": "Paused",
    "book.status.DISABLED": "Disabled",
    "book.status.MISSING": "Not submitted",
}
