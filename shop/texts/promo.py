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
}
