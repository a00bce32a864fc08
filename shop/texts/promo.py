"""Texts of promo codes: the checkout's question and verdicts, and the merchant's promo page."""

from __future__ import annotations

RU: dict[str, str] = {
    # The chat's checkout
    "promo.ask": "Есть промокод? Отправьте его сообщением.",
    "promo.applied": "Промокод {code} применён: скидка {discount}.",
    "promo.summary_line": "Скидка по промокоду {code}: −{discount}",
    "promo.refused.unknown": "Промокод {code} не найден. Проверьте, нет ли опечатки.",
    "promo.refused.disabled": "Промокод {code} больше не действует.",
    "promo.refused.not_yet": "Промокод {code} начнёт действовать {start}.",
    "promo.refused.expired": "Срок действия промокода {code} закончился.",
    "promo.refused.used_up": "Промокод {code} уже израсходован: все его использования заняты.",
    "promo.refused.used_by_you": "Вы уже воспользовались промокодом {code}.",
    "promo.refused.not_yours": "Промокод {code} выдан для другого номера.",
    "promo.refused.below_minimum": (
        "Промокод {code} действует для заказа от {minimum}. Сейчас товаров на {goods}."
    ),
    "promo.refused.first_order_only": "Промокод {code} действует только на первый заказ.",
    "promo.refused.nothing_off": "Промокод {code} не даёт скидки на этот заказ.",
    "promo.order_refused": "Заказ не оформлен. {why} Корзина сохранена.",
    "promo.order.discount": "Скидка по промокоду",
    # `shop doctor` on the reminders' promo codes
    "doctor.reminder_code.ok": (
        "Промокод {code} напоминаний есть в магазине: каждый покупатель получит свой "
        "одноразовый код"
    ),
    "doctor.reminder_code.unknown": (
        "Промокода {code} из напоминаний нет среди промокодов магазина: при оформлении "
        "его не примут"
    ),
    "doctor.reminder_code.fix": (
        "Создайте этот промокод на странице «Промокоды» (/admin/promo-codes) или уберите "
        "его из шага напоминаний"
    ),
    "order.refused.promo": "Заказ не оформлен: промокод больше не подходит. Корзина сохранена.",
    # The merchant's codes (API and page)
    "promo.error.code": "от 3 до 32 символов: латинские буквы, цифры, «-» или «_»",
    "promo.error.percent": "процент скидки — целое число от 1 до 100",
    "promo.error.amount_range": "сумма от 0 до {max} ₽",
    "promo.error.amount_positive": "сумма скидки больше нуля",
    "promo.error.kopecks": "не больше двух знаков после запятой (копейки)",
    "promo.error.limit": "целое число от 1 до {max}, или пусто — без ограничения",
    "promo.error.percent_needed": "для скидки в процентах укажите процент",
    "promo.error.amount_needed": "для скидки суммой укажите сумму в рублях",
    "promo.error.period": "окончание должно быть позже начала",
    "promo.error.duplicate": "промокод {code} уже есть",
    "promo.error.unknown": "промокода {code} нет",
    "promo.state.active": "действует",
    "promo.state.scheduled": "ещё не начался",
    "promo.state.expired": "истёк",
    "promo.state.used_up": "израсходован",
    "promo.state.disabled": "отключён",
    "reconcile.csv.total.discounts": "скидки по промокодам",
    "dashboard.discounts": "Скидки по промокодам",
    "dashboard.discounts.help": "Сколько не взяли с оплаченных заказов по промокодам",
    # The promo codes page
    "promo.page.title": "Промокоды",
    "promo.page.help": (
        "Скидка по промокоду уменьшает стоимость товаров (не доставки) и распределяется "
        "по строкам чека. Покупатель вводит код на шаге подтверждения заказа."
    ),
    "promo.page.created": "Промокод {code} создан.",
    "promo.page.search": "Код",
    "promo.page.search_help": "Часть кода, например SUMMER",
    "promo.page.state": "Состояние",
    "promo.page.any_state": "Любое",
    "promo.page.code": "Код",
    "promo.page.discount": "Скидка",
    "promo.page.minimum": "Заказ от",
    "promo.page.period": "Действует",
    "promo.page.uses": "Использован",
    "promo.page.of": "из",
    "promo.page.from": "с {day}",
    "promo.page.until": "по {day}",
    "promo.page.always": "без срока",
    "promo.page.per_shopper": "не больше {n} на покупателя",
    "promo.page.first_only": "только первый заказ",
    "promo.page.disable": "Отключить",
    "promo.page.disable_confirm": (
        "Отключить промокод {code}? Покупатели больше не смогут его ввести."
    ),
    "promo.page.disable_yes": "Да, отключить",
    "promo.page.empty": "Промокодов пока нет.",
    "promo.page.new": "Новый промокод",
    "promo.page.create": "Создать промокод",
    "promo.page.kind.percent": "Процент от товаров",
    "promo.page.kind.amount": "Сумма в рублях",
    "promo.page.field.kind": "Вид скидки",
    "promo.page.field.code": "Код",
    "promo.page.field.value": "Размер скидки, % или ₽",
    "promo.page.field.min_total": "Минимальная сумма товаров, ₽",
    "promo.page.field.starts": "Начало, день",
    "promo.page.field.ends": "Последний день",
    "promo.page.field.total_limit": "Всего использований, раз",
    "promo.page.field.per_shopper_limit": "На одного покупателя, раз",
    "promo.page.field.first_order_only": "Только на первый заказ покупателя",
    "promo.page.help.kind": "Процент считается от суммы товаров и округляется до копейки.",
    "promo.page.help.code": "3–32 символа: латинские буквы, цифры, «-» или «_». Регистр не важен.",
    "promo.page.help.value": (
        "Для процента — от 1 до 100; для суммы — рубли с копейками, например 150,00."
    ),
    "promo.page.help.min_total": "Пусто или 0 — без минимума. Доставка не учитывается.",
    "promo.page.help.starts": "С 00:00 этого дня по времени магазина. Пусто — сразу.",
    "promo.page.help.ends": "До 24:00 этого дня по времени магазина. Пусто — бессрочно.",
    "promo.page.help.total_limit": (
        "Сколько заказов всего могут получить скидку. Пусто — без ограничения."
    ),
    "promo.page.help.per_shopper_limit": (
        "Сколько раз один номер может использовать код. Пусто — без ограничения."
    ),
}

EN: dict[str, str] = {
    "promo.ask": "Have a promo code? Send it as a message.",
    "promo.applied": "Promo code {code} applied: {discount} off.",
    "promo.summary_line": "Promo code {code}: −{discount}",
    "promo.refused.unknown": "Promo code {code} was not found. Please check for a typo.",
    "promo.refused.disabled": "Promo code {code} is no longer valid.",
    "promo.refused.not_yet": "Promo code {code} becomes valid on {start}.",
    "promo.refused.expired": "Promo code {code} has expired.",
    "promo.refused.used_up": "Promo code {code} has been used up.",
    "promo.refused.used_by_you": "You have already used promo code {code}.",
    "promo.refused.not_yours": "Promo code {code} was issued to another number.",
    "promo.refused.below_minimum": (
        "Promo code {code} applies to orders from {minimum}. Your goods come to {goods}."
    ),
    "promo.refused.first_order_only": "Promo code {code} applies to a first order only.",
    "promo.refused.nothing_off": "Promo code {code} gives no discount on this order.",
    "promo.order_refused": "The order was not placed. {why} Your cart is kept.",
    "promo.order.discount": "Promo code discount",
    "doctor.reminder_code.ok": (
        "The reminders' promo code {code} is one of the shop's: each shopper gets a "
        "one-time code of their own"
    ),
    "doctor.reminder_code.unknown": (
        "The reminders' promo code {code} is not one of the shop's codes: checkout will refuse it"
    ),
    "doctor.reminder_code.fix": (
        "Create the code on the promo codes page (/admin/promo-codes) or remove it from "
        "the reminder step"
    ),
    "order.refused.promo": (
        "The order was not placed: the promo code no longer applies. Your cart is kept."
    ),
    "promo.error.code": "3 to 32 characters: Latin letters, digits, - or _",
    "promo.error.percent": "the percent off is a whole number from 1 to 100",
    "promo.error.amount_range": "an amount from 0 to RUB {max}",
    "promo.error.amount_positive": "the amount off is above zero",
    "promo.error.kopecks": "at most two decimal places (kopecks)",
    "promo.error.limit": "a whole number from 1 to {max}, or empty for no limit",
    "promo.error.percent_needed": "a percent discount needs its percent",
    "promo.error.amount_needed": "an amount discount needs its amount in roubles",
    "promo.error.period": "the end must be later than the start",
    "promo.error.duplicate": "promo code {code} exists already",
    "promo.error.unknown": "there is no promo code {code}",
    "promo.state.active": "active",
    "promo.state.scheduled": "not started yet",
    "promo.state.expired": "expired",
    "promo.state.used_up": "used up",
    "promo.state.disabled": "switched off",
    "reconcile.csv.total.discounts": "promo code discounts",
    "dashboard.discounts": "Promo code discounts",
    "dashboard.discounts.help": "What paid orders were not charged through promo codes",
    "promo.page.title": "Promo codes",
    "promo.page.help": (
        "A promo code's discount lowers the goods (not the delivery) and is spread over the "
        "receipt's lines. The shopper types the code when confirming the order."
    ),
    "promo.page.created": "Promo code {code} created.",
    "promo.page.search": "Code",
    "promo.page.search_help": "Part of a code, such as SUMMER",
    "promo.page.state": "State",
    "promo.page.any_state": "Any",
    "promo.page.code": "Code",
    "promo.page.discount": "Discount",
    "promo.page.minimum": "Orders from",
    "promo.page.period": "Valid",
    "promo.page.uses": "Used",
    "promo.page.of": "of",
    "promo.page.from": "from {day}",
    "promo.page.until": "until {day}",
    "promo.page.always": "no end",
    "promo.page.per_shopper": "at most {n} per shopper",
    "promo.page.first_only": "first order only",
    "promo.page.disable": "Switch off",
    "promo.page.disable_confirm": "Switch promo code {code} off? Shoppers can no longer use it.",
    "promo.page.disable_yes": "Yes, switch it off",
    "promo.page.empty": "No promo codes yet.",
    "promo.page.new": "New promo code",
    "promo.page.create": "Create the promo code",
    "promo.page.kind.percent": "Percent of the goods",
    "promo.page.kind.amount": "Amount in roubles",
    "promo.page.field.kind": "Kind of discount",
    "promo.page.field.code": "Code",
    "promo.page.field.value": "Discount, % or RUB",
    "promo.page.field.min_total": "Least goods total, RUB",
    "promo.page.field.starts": "First day",
    "promo.page.field.ends": "Last day",
    "promo.page.field.total_limit": "Uses in all, times",
    "promo.page.field.per_shopper_limit": "Uses per shopper, times",
    "promo.page.field.first_order_only": "Only a shopper's first order",
    "promo.page.help.kind": "A percent is taken of the goods and rounded to the kopeck.",
    "promo.page.help.code": "3–32 characters: Latin letters, digits, - or _. Any case.",
    "promo.page.help.value": "A percent from 1 to 100; an amount in roubles, such as 150.00.",
    "promo.page.help.min_total": "Empty or 0: no minimum. The delivery does not count.",
    "promo.page.help.starts": "From 00:00 of this day, shop time. Empty: at once.",
    "promo.page.help.ends": "Until 24:00 of this day, shop time. Empty: no end.",
    "promo.page.help.total_limit": "How many orders in all may get the discount. Empty: no limit.",
    "promo.page.help.per_shopper_limit": "How often one number may use the code. Empty: no limit.",
}
