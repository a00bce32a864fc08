"""Texts of taxes and receipts: the taxes page, the codes in words, settlement receipts,
paying on delivery (the chat's steps and the order page's action)."""

from __future__ import annotations

NB = "\u00a0"  # a number and its unit stay on one line: «НДС 22 %»

RU: dict[str, str] = {
    # The page
    "admin.settings.taxes.title": "Налоги и оплата",
    "admin.settings.taxes.heading": "Налоги, чеки и оплата",
    "admin.settings.taxes.intro": (
        "Так заполняются чеки по 54-ФЗ, если у товара в каталоге не указано иное "
        "(колонки vat_code и payment_subject)."
    ),
    "admin.settings.taxes.receipts_legend": "Чеки",
    "admin.settings.taxes.payment_legend": "Оплата",
    "admin.settings.taxes.tax_system_code": "Система налогообложения",
    "admin.settings.taxes.tax_system_code.help": (
        "Как в договоре с ЮKassa и в кассе. «Не передавать» — кассе хватает своей настройки."
    ),
    "admin.settings.taxes.vat_code": "Ставка НДС по умолчанию",
    "admin.settings.taxes.vat_code.help": (
        f"Для товаров без своей ставки. С 2026 года основная ставка — 22{NB}%; "
        f"на УСН с НДС — 5{NB}% или 7{NB}%."
    ),
    "admin.settings.taxes.delivery_vat_code": "Ставка НДС доставки",
    "admin.settings.taxes.delivery_vat_code.help": "Для строки «Доставка» в чеке.",
    "admin.settings.taxes.payment_subject": "Предмет расчёта по умолчанию",
    "admin.settings.taxes.payment_subject.help": "Что продаётся: товар, услуга, работа…",
    "admin.settings.taxes.payment_mode": "Способ расчёта",
    "admin.settings.taxes.payment_mode.help": (
        "При предоплате после выдачи заказа Витрина сама отправит чек полного расчёта. "
        "Полный расчёт — если товар отдают в момент оплаты."
    ),
    "admin.settings.taxes.receipts": "Кто отправляет чеки",
    "admin.settings.taxes.receipts.help": (
        "«Чеки от ЮKassa» приходят покупателю только на e-mail: чат попросит адрес. "
        "Своя касса, подключённая к ЮKassa, отправит чек и на телефон."
    ),
    "admin.settings.taxes.pay_on_delivery": "Оплата при получении",
    "admin.settings.taxes.pay_on_delivery.help": (
        "Наличными или картой курьеру или в пункте выдачи. Чек при этом выбивает ваша касса."
    ),
    "admin.settings.taxes.pay_on_delivery.on": "Предлагать покупателям",
    "admin.settings.taxes.same_as_default": "Как у товаров",
    "admin.settings.taxes.no_system": "Не передавать",
    "taxes.error.subject": "неизвестный предмет расчёта",
    # The codes in words
    "taxes.system.1": "ОСН (общая система)",
    "taxes.system.2": "УСН доходы",
    "taxes.system.3": "УСН доходы минус расходы",
    "taxes.system.4": "ЕНВД",
    "taxes.system.5": "ЕСХН",
    "taxes.system.6": "Патент",
    "taxes.vat.1": "Без НДС",
    "taxes.vat.2": f"НДС 0{NB}%",
    "taxes.vat.3": f"НДС 10{NB}%",
    "taxes.vat.4": f"НДС 20{NB}% (до 2026 года)",
    "taxes.vat.5": "НДС 10/110",
    "taxes.vat.6": "НДС 20/120 (до 2026 года)",
    "taxes.vat.7": f"НДС 5{NB}% (УСН)",
    "taxes.vat.8": f"НДС 7{NB}% (УСН)",
    "taxes.vat.9": "НДС 5/105 (УСН)",
    "taxes.vat.10": "НДС 7/107 (УСН)",
    "taxes.vat.11": f"НДС 22{NB}%",
    "taxes.vat.12": "НДС 22/122",
    "taxes.subject.commodity": "Товар",
    "taxes.subject.excise": "Подакцизный товар",
    "taxes.subject.marked": "Товар с маркировкой",
    "taxes.subject.service": "Услуга",
    "taxes.subject.job": "Работа",
    "taxes.subject.composite": "Составной предмет расчёта",
    "taxes.subject.another": "Другое",
    "taxes.mode.full_prepayment": f"Предоплата 100{NB}%",
    "taxes.mode.full_payment": "Полный расчёт при оплате",
    "taxes.receipts.register": "Своя онлайн-касса",
    "taxes.receipts.yookassa": "Чеки от ЮKassa",
    # Settlement receipts, on the order pages
    "receipt.settlement": "Чек полного расчёта",
    "receipt.status.new": "отправляется",
    "receipt.status.pending": "регистрируется",
    "receipt.status.succeeded": "зарегистрирован",
    "receipt.status.canceled": "не зарегистрирован",
    "receipt.status.rejected": "отклонён ЮKassa",
    "receipt.status.unbuilt": "не собран, оформите вручную",
    "receipt.unbuilt.rebuild": "Чек оплаты не сохранён, а из строк заказа его не собрать: {detail}",
    "receipt.unbuilt.unmatched": (
        "Возврат «{detail}» не совпадает ни с одной строкой чека оплаты: "
        "оставшиеся строки не определить"
    ),
    "receipt.unbuilt.refunds": (
        "Возвраты по строкам дают {detail}, а это не сумма, возвращённая по платежу"
    ),
    "receipt.unbuilt.sum": (
        "Оставшиеся строки чека не сходятся с оплатой за вычетом возвратов ({detail})"
    ),
    # Why the receipt builder refused, by its reason code (payments.receipt.ReceiptError)
    "receipt.reason.sum": "строки заказа дают {lines:money}, а оплачено {paid:money}",
    "receipt.reason.fraction": "у строки «{line}» цена × количество — не целое число копеек",
    "receipt.reason.quantity": "у строки «{line}» количество не больше нуля",
    "receipt.reason.quantity_places": (
        "у строки «{line}» в количестве больше {places} знаков после запятой"
    ),
    "receipt.reason.price": "у строки «{line}» цена не больше нуля",
    "receipt.reason.description": "у строки нет названия",
    "receipt.reason.phone": "в телефоне покупателя не 11–15 цифр с кодом страны",
    "receipt.reason.email": "адрес e-mail покупателя неверен",
    "receipt.reason.contact": "нет ни телефона, ни e-mail покупателя",
    "receipt.reason.vat_code": "ставка НДС товара не из тех, что знает ЮKassa",
    "receipt.reason.payment_subject": "признак предмета расчёта не из тех, что знает ЮKassa",
    "receipt.reason.payment_mode": "признак способа расчёта не из тех, что знает ЮKassa",
    "receipt.reason.tax_system": "система налогообложения не из тех, что знает ЮKassa",
    "receipt.reason.empty": "в заказе нет строк",
    "receipt.reason.too_many": "строк {count}, а в чеке их может быть не больше {limit}",
    "receipt.reason.currency": "строки заказа не в валюте оплаты",
    # Paying on delivery
    "payway.online": "Онлайн сейчас",
    "payway.on_delivery": "При получении",
    "payway.question": "Как вам удобнее оплатить заказ?",
    "payway.summary": "Оплата: {way}",
    "payway.summary.online": "онлайн по ссылке",
    "payway.summary.on_delivery": "при получении, наличными или картой",
    "payway.placed": (
        "Заказ {number} на {total} подтверждён. Оплата при получении — наличными или картой. "
        "Статус заказа: {link}"
    ),
    "checkout.email_only": (
        "Чек придёт на электронную почту. Напишите, пожалуйста, адрес, например name@mail.ru."
    ),
    "checkout.email_only_bad": (
        "Кажется, в адресе опечатка. Напишите его ещё раз, например name@mail.ru."
    ),
    "order.cod": "Оплата при получении",
    "order.cod.paid": "Оплачен при получении",
    "order.cod.unpaid": "Ждёт оплаты при получении",
    "order.cod.shopper": "Оплата при получении — наличными или картой.",
    "order.cod.mark_paid": "Отметить оплату при получении",
    "order.cod.confirm": "Покупатель заплатил {total} при получении?",
    "order.cod.done": "Оплата при получении отмечена.",
    "order.cod.refused": "Этот заказ нельзя отметить оплаченным при получении.",
    "reconcile.csv.total.paid_on_delivery": "Оплачено при получении (не через ЮKassa)",
}

EN: dict[str, str] = {
    "admin.settings.taxes.title": "Taxes and payment",
    "admin.settings.taxes.heading": "Taxes, receipts and payment",
    "admin.settings.taxes.intro": (
        "How 54-FZ receipts are filled in when a catalog product does not say otherwise "
        "(the vat_code and payment_subject columns)."
    ),
    "admin.settings.taxes.receipts_legend": "Receipts",
    "admin.settings.taxes.payment_legend": "Payment",
    "admin.settings.taxes.tax_system_code": "Tax system",
    "admin.settings.taxes.tax_system_code.help": (
        "As in the YooKassa contract and the register. «Not sent»: the register's own setting."
    ),
    "admin.settings.taxes.vat_code": "Default VAT rate",
    "admin.settings.taxes.vat_code.help": (
        f"For products without their own rate. Since 2026 the standard rate is 22{NB}%; "
        f"USN with VAT uses 5{NB}% or 7{NB}%."
    ),
    "admin.settings.taxes.delivery_vat_code": "Delivery VAT rate",
    "admin.settings.taxes.delivery_vat_code.help": "For the receipt's «Delivery» line.",
    "admin.settings.taxes.payment_subject": "Default payment subject",
    "admin.settings.taxes.payment_subject.help": "What is sold: goods, a service, work…",
    "admin.settings.taxes.payment_mode": "Payment mode",
    "admin.settings.taxes.payment_mode.help": (
        "With prepayment Vitrina sends the full payment receipt itself after hand-over. "
        "Full payment: the goods are handed over when paid."
    ),
    "admin.settings.taxes.receipts": "Who sends receipts",
    "admin.settings.taxes.receipts.help": (
        "YooKassa's own receipts reach the shopper by e-mail only: the chat asks for one. "
        "Your own register connected to YooKassa can send them to a phone too."
    ),
    "admin.settings.taxes.pay_on_delivery": "Pay on delivery",
    "admin.settings.taxes.pay_on_delivery.help": (
        "Cash or card to the courier or at the pickup point. Your own register issues the receipt."
    ),
    "admin.settings.taxes.pay_on_delivery.on": "Offer it to shoppers",
    "admin.settings.taxes.same_as_default": "As for products",
    "admin.settings.taxes.no_system": "Not sent",
    "taxes.error.subject": "unknown payment subject",
    "taxes.system.1": "OSN (general)",
    "taxes.system.2": "USN income",
    "taxes.system.3": "USN income minus expenses",
    "taxes.system.4": "ENVD",
    "taxes.system.5": "ESHN",
    "taxes.system.6": "Patent",
    "taxes.vat.1": "No VAT",
    "taxes.vat.2": f"VAT 0{NB}%",
    "taxes.vat.3": f"VAT 10{NB}%",
    "taxes.vat.4": f"VAT 20{NB}% (before 2026)",
    "taxes.vat.5": "VAT 10/110",
    "taxes.vat.6": "VAT 20/120 (before 2026)",
    "taxes.vat.7": f"VAT 5{NB}% (USN)",
    "taxes.vat.8": f"VAT 7{NB}% (USN)",
    "taxes.vat.9": "VAT 5/105 (USN)",
    "taxes.vat.10": "VAT 7/107 (USN)",
    "taxes.vat.11": f"VAT 22{NB}%",
    "taxes.vat.12": "VAT 22/122",
    "taxes.subject.commodity": "Goods",
    "taxes.subject.excise": "Excise goods",
    "taxes.subject.marked": "Marked goods",
    "taxes.subject.service": "Service",
    "taxes.subject.job": "Work",
    "taxes.subject.composite": "Composite",
    "taxes.subject.another": "Other",
    "taxes.mode.full_prepayment": f"Prepayment 100{NB}%",
    "taxes.mode.full_payment": "Full payment when paid",
    "taxes.receipts.register": "Own online register",
    "taxes.receipts.yookassa": "YooKassa's receipts",
    "receipt.settlement": "Full payment receipt",
    "receipt.status.new": "being sent",
    "receipt.status.pending": "being registered",
    "receipt.status.succeeded": "registered",
    "receipt.status.canceled": "not registered",
    "receipt.status.rejected": "refused by YooKassa",
    "receipt.status.unbuilt": "not built, issue it by hand",
    "receipt.unbuilt.rebuild": (
        "The payment's receipt was not kept and the order's lines do not rebuild it: {detail}"
    ),
    "receipt.unbuilt.unmatched": (
        "The refund «{detail}» matches no line of the payment's receipt: "
        "the remaining lines cannot be told"
    ),
    "receipt.unbuilt.refunds": (
        "The refunds' lines add up to {detail}, not to what the payment refunded"
    ),
    "receipt.unbuilt.sum": "The remaining lines do not add up to what stays paid ({detail})",
    "receipt.reason.sum": "the order's lines add up to {lines:money}, the payment is {paid:money}",
    "receipt.reason.fraction": "the line «{line}»: price × quantity is not whole kopecks",
    "receipt.reason.quantity": "the line «{line}»: the quantity is not above zero",
    "receipt.reason.quantity_places": (
        "the line «{line}»: the quantity has more than {places} decimal places"
    ),
    "receipt.reason.price": "the line «{line}»: the price is not above zero",
    "receipt.reason.description": "a line has no title",
    "receipt.reason.phone": "the shopper's phone is not 11–15 digits with the country code",
    "receipt.reason.email": "the shopper's e-mail address is not valid",
    "receipt.reason.contact": "neither the shopper's phone nor e-mail is known",
    "receipt.reason.vat_code": "a product's VAT rate is not one YooKassa knows",
    "receipt.reason.payment_subject": "a payment subject is not one YooKassa knows",
    "receipt.reason.payment_mode": "a payment mode is not one YooKassa knows",
    "receipt.reason.tax_system": "the tax system is not one YooKassa knows",
    "receipt.reason.empty": "the order has no lines",
    "receipt.reason.too_many": "{count} lines, and a receipt holds at most {limit}",
    "receipt.reason.currency": "the order's lines are not in the payment's currency",
    "payway.online": "Online now",
    "payway.on_delivery": "On delivery",
    "payway.question": "How would you like to pay?",
    "payway.summary": "Payment: {way}",
    "payway.summary.online": "online by the link",
    "payway.summary.on_delivery": "on delivery, cash or card",
    "payway.placed": (
        "Order {number} for {total} is confirmed. You pay on delivery, cash or card. "
        "Order status: {link}"
    ),
    "checkout.email_only": (
        "The receipt comes by e-mail. Please type the address, for example name@mail.com."
    ),
    "checkout.email_only_bad": (
        "There seems to be a typo in the address. Please type it again, like name@mail.com."
    ),
    "order.cod": "Pay on delivery",
    "order.cod.paid": "Paid on delivery",
    "order.cod.unpaid": "Awaiting payment on delivery",
    "order.cod.shopper": "You pay on delivery, cash or card.",
    "order.cod.mark_paid": "Mark as paid on delivery",
    "order.cod.confirm": "Did the shopper pay {total} on delivery?",
    "order.cod.done": "Payment on delivery recorded.",
    "order.cod.refused": "This order cannot be marked as paid on delivery.",
    "reconcile.csv.total.paid_on_delivery": "Paid on delivery (not through YooKassa)",
}
