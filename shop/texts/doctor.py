"""Texts of going live: the reconciliation spreadsheet's words and `shop doctor`'s lines."""

from __future__ import annotations

RU: dict[str, str] = {
    # The reconciliation CSV's column headers (keys are the CSV's column names)
    "reconcile.csv.record": "Запись",
    "reconcile.csv.id": "Id",
    "reconcile.csv.order_id": "Id заказа",
    "reconcile.csv.order_number": "Номер заказа",
    "reconcile.csv.payment_id": "Платёж ЮKassa",
    "reconcile.csv.amount": "Сумма",
    "reconcile.csv.fee": "Комиссия",
    "reconcile.csv.net": "Нетто",
    "reconcile.csv.currency": "Валюта",
    "reconcile.csv.date_msk": "Дата (МСК)",
    "reconcile.csv.status": "Статус",
    "reconcile.csv.detail": "Подробно",
    # What a line of the CSV is
    "reconcile.csv.record.order": "заказ",
    "reconcile.csv.record.payment": "платёж",
    "reconcile.csv.record.refund": "возврат",
    "reconcile.csv.record.total": "итого",
    "reconcile.csv.record.discrepancy": "расхождение",
    # The totals (keys are the report's total names)
    "reconcile.csv.total.orders_paid": "оплачено заказов",
    "reconcile.csv.total.payments_gross": "платежи, брутто",
    "reconcile.csv.total.fees": "комиссия ЮKassa",
    "reconcile.csv.total.payments_net": "платежи, нетто",
    "reconcile.csv.total.refunds": "возвраты",
    "reconcile.csv.total.net_after_refunds": "нетто за вычетом возвратов",
    # YooKassa's payment and refund statuses
    "reconcile.csv.payment.pending": "ждёт оплаты",
    "reconcile.csv.payment.waiting_for_capture": "ждёт подтверждения",
    "reconcile.csv.payment.succeeded": "успешен",
    "reconcile.csv.payment.canceled": "отменён",
    "reconcile.csv.refund.pending": "в обработке",
    "reconcile.csv.refund.succeeded": "выполнен",
    "reconcile.csv.refund.canceled": "отменён",
    # The kinds of discrepancy (keys are payments.reconcile.Kind values)
    "reconcile.csv.kind.paid_in_yookassa_not_in_books": "оплачен в ЮKassa, нет в учёте",
    "reconcile.csv.kind.paid_in_books_without_payment": "оплачен в учёте без платежа",
    "reconcile.csv.kind.amount_mismatch": "суммы не совпадают",
    "reconcile.csv.kind.duplicate_payments": "двойная оплата",
    "reconcile.csv.kind.refund_without_record": "возврат без записи",
    "reconcile.csv.kind.stuck_pending": "платёж завис",
    # `shop doctor` and /admin/doctor: one line per production check, with its fix
    "doctor.title": "Проверка перед запуском",
    "doctor.mark.ok": "ОК",
    "doctor.mark.fail": "НЕТ",
    "doctor.fix": "что сделать",
    "doctor.all_ok": "Всё готово к работе.",
    "doctor.failed": "Не пройдено проверок: {count}.",
    "doctor.no_answer": "нет ответа: {why}",
    "doctor.base_url.sandbox": "Публичный адрес {url}: песочница, HTTPS не нужен",
    "doctor.base_url.ok": "Публичный адрес {url}",
    "doctor.base_url.not_https": "Публичный адрес {url} не HTTPS",
    "doctor.base_url.local": "Публичный адрес {url} не виден из интернета",
    "doctor.base_url.fix": (
        "укажите в PUBLIC_BASE_URL https-адрес магазина за обратным прокси "
        "(docs/GO-LIVE.md, раздел HTTPS)"
    ),
    "doctor.secrets.sandbox": "Секреты: песочница, действуют встроенные тестовые",
    "doctor.secrets.ok": "Секреты заданы и достаточно длинные: {names}",
    "doctor.secrets.bad": "Не заданы или короче {min} символов: {names}",
    "doctor.secrets.fix": (
        "ADMIN_TOKEN и WHATSAPP_VERIFY_TOKEN придумайте (openssl rand -hex 16), "
        "WHATSAPP_APP_SECRET возьмите в настройках приложения Meta, "
        "YOOKASSA_SECRET_KEY — в личном кабинете ЮKassa"
    ),
    "doctor.token.ok": "Meta принимает токен Graph API",
    "doctor.token.refused": "Meta не принимает токен Graph API: {why}",
    "doctor.token.fix": (
        "выпустите постоянный токен системного пользователя с правами "
        "whatsapp_business_messaging и whatsapp_business_management и запишите его в "
        "WHATSAPP_ACCESS_TOKEN"
    ),
    "doctor.phone.ok": "Номер {number} ({name}) доступен, рейтинг качества {rating}",
    "doctor.phone.bad": "Номер WHATSAPP_PHONE_NUMBER_ID={id} недоступен: {why}",
    "doctor.phone.fix": (
        "скопируйте Phone number ID из раздела WhatsApp → API Setup приложения Meta; "
        "токен должен иметь доступ к этому аккаунту"
    ),
    "doctor.subscribed.ok": "Приложение {apps} получает вебхуки аккаунта {waba}",
    "doctor.subscribed.none": "Ни одно приложение не подписано на вебхуки аккаунта {waba}",
    "doctor.subscribed.bad": "Подписку на вебхуки аккаунта {waba} не прочитать: {why}",
    "doctor.subscribed.fix": (
        "подпишите приложение: POST /{waba}/subscribed_apps с токеном "
        "(docs/GO-LIVE.md, раздел «Вебхук»)"
    ),
    "doctor.waba.none": "WHATSAPP_BUSINESS_ACCOUNT_ID не задан",
    "doctor.waba.fix": (
        "скопируйте WhatsApp Business Account ID из раздела WhatsApp → API Setup приложения Meta"
    ),
    "doctor.webhook.ok": "Последний вебхук от Meta пришёл {when}",
    "doctor.webhook.sandbox": "Вебхуков ещё не было: песочница пришлёт их, когда вы напишете в чат",
    "doctor.webhook.none": "От Meta не пришло ни одного вебхука",
    "doctor.webhook.old": "Последний вебхук от Meta пришёл {when}, больше {days} дн. назад",
    "doctor.webhook.fix": (
        "в приложении Meta (WhatsApp → Configuration) укажите адрес {url} и токен "
        "WHATSAPP_VERIFY_TOKEN, подпишитесь на поле messages и напишите магазину с телефона"
    ),
    "doctor.template.ok": "Шаблон {name} ({language}) одобрен",
    "doctor.template.missing": "Шаблона {name} ({language}) нет в аккаунте",
    "doctor.template.status": "Шаблон {name} ({language}) в статусе {status}, а нужен APPROVED",
    "doctor.template.problem": "Шаблон {name} ({language}): {problem}",
    "doctor.template.fix": (
        "отправьте шаблон на проверку с текстом и кнопками из docs/GO-LIVE.md и дождитесь одобрения"
    ),
    "doctor.templates.bad": "Шаблоны аккаунта не прочитать: {why}",
    "doctor.templates.fix": (
        "проверьте WHATSAPP_BUSINESS_ACCOUNT_ID и право токена whatsapp_business_management"
    ),
    "doctor.order_link.parameters": "в тексте нужен ровно один параметр, номер заказа",
    "doctor.order_link.button": (
        "нужна кнопка-ссылка на страницу заказа: адрес …/o/ и параметр в конце"
    ),
    "doctor.order_link.category": "категория должна быть UTILITY",
    "doctor.catalog.ok": "Каталог {id} ({name}) доступен",
    "doctor.catalog.none": "WHATSAPP_CATALOG_ID не задан",
    "doctor.catalog.bad": "Каталог {id} недоступен: {why}",
    "doctor.catalog.fix": (
        "создайте каталог в Commerce Manager, подключите его к аккаунту WhatsApp, дайте "
        "системному пользователю доступ к нему и запишите его id в WHATSAPP_CATALOG_ID"
    ),
    "doctor.yookassa.ok": "ЮKassa принимает ключи магазина {shop}",
    "doctor.yookassa.sandbox": "ЮKassa принимает ключи магазина {shop} (песочница)",
    "doctor.yookassa.refused": "ЮKassa не принимает ключи магазина {shop}: {why}",
    "doctor.yookassa.fix": (
        "YOOKASSA_SHOP_ID и YOOKASSA_SECRET_KEY возьмите в личном кабинете ЮKassa "
        "(Интеграция → Ключи API)"
    ),
    "doctor.yookassa.test": "Магазин ЮKassa {shop} тестовый: деньги не списываются",
    "doctor.yookassa.test_fix": "укажите боевой магазин и его секретный ключ",
    "doctor.yookassa.no_receipts": "У магазина ЮKassa {shop} не включены чеки по 54-ФЗ",
    "doctor.yookassa.no_receipts_fix": (
        "в личном кабинете ЮKassa включите «Чеки от ЮKassa» или подключите онлайн-кассу"
    ),
    "doctor.networks.sandbox": "Уведомления ЮKassa: песочница",
    "doctor.networks.default": "Уведомления ЮKassa принимаются только из её опубликованных сетей",
    "doctor.networks.ok": "Уведомления ЮKassa принимаются из сетей: {networks}",
    "doctor.networks.empty": "YOOKASSA_TRUSTED_NETWORKS пуст: все уведомления ЮKassa отклоняются",
    "doctor.networks.open": "YOOKASSA_TRUSTED_NETWORKS пускает кого угодно: {networks}",
    "doctor.networks.fix": (
        "уберите YOOKASSA_TRUSTED_NETWORKS (действуют сети из документации ЮKassa) "
        "или перечислите только их"
    ),
    "doctor.proxies.none": (
        "TRUSTED_PROXIES пуст: за обратным прокси уведомления ЮKassa будут отклонены"
    ),
    "doctor.proxies.fix": (
        "перечислите в TRUSTED_PROXIES адреса прокси, например 127.0.0.1/32 или сеть docker"
    ),
    "doctor.delivery.sandbox": "Доставка: песочница, демонстрационные варианты",
    "doctor.delivery.ok": "Доставка: {options}",
    "doctor.delivery.none": "Доставка не настроена: покупателям предлагается только «{options}»",
    "doctor.delivery.fix": (
        "добавьте варианты доставки и пункты самовывоза в настройках доставки "
        "или через PUT /api/settings/delivery"
    ),
    "doctor.database.bad": "База данных не отвечает: {why}",
    "doctor.database.fix": "проверьте DATABASE_URL и выполните shop db upgrade",
}

EN: dict[str, str] = {
    "reconcile.csv.record": "Record",
    "reconcile.csv.id": "Id",
    "reconcile.csv.order_id": "Order id",
    "reconcile.csv.order_number": "Order number",
    "reconcile.csv.payment_id": "YooKassa payment",
    "reconcile.csv.amount": "Amount",
    "reconcile.csv.fee": "Fee",
    "reconcile.csv.net": "Net",
    "reconcile.csv.currency": "Currency",
    "reconcile.csv.date_msk": "Date (Moscow)",
    "reconcile.csv.status": "Status",
    "reconcile.csv.detail": "Detail",
    "reconcile.csv.record.order": "order",
    "reconcile.csv.record.payment": "payment",
    "reconcile.csv.record.refund": "refund",
    "reconcile.csv.record.total": "total",
    "reconcile.csv.record.discrepancy": "discrepancy",
    "reconcile.csv.total.orders_paid": "orders paid",
    "reconcile.csv.total.payments_gross": "payments, gross",
    "reconcile.csv.total.fees": "YooKassa fees",
    "reconcile.csv.total.payments_net": "payments, net",
    "reconcile.csv.total.refunds": "refunds",
    "reconcile.csv.total.net_after_refunds": "net after refunds",
    "reconcile.csv.payment.pending": "pending",
    "reconcile.csv.payment.waiting_for_capture": "waiting for capture",
    "reconcile.csv.payment.succeeded": "succeeded",
    "reconcile.csv.payment.canceled": "canceled",
    "reconcile.csv.refund.pending": "pending",
    "reconcile.csv.refund.succeeded": "succeeded",
    "reconcile.csv.refund.canceled": "canceled",
    "reconcile.csv.kind.paid_in_yookassa_not_in_books": "paid in YooKassa, not in our books",
    "reconcile.csv.kind.paid_in_books_without_payment": "paid in our books without a payment",
    "reconcile.csv.kind.amount_mismatch": "amounts differ",
    "reconcile.csv.kind.duplicate_payments": "paid twice",
    "reconcile.csv.kind.refund_without_record": "refund without a record",
    "reconcile.csv.kind.stuck_pending": "payment stuck pending",
    "doctor.title": "Go-live check",
    "doctor.mark.ok": "OK",
    "doctor.mark.fail": "FAIL",
    "doctor.fix": "fix",
    "doctor.all_ok": "Everything is ready.",
    "doctor.failed": "Checks failed: {count}.",
    "doctor.no_answer": "no answer: {why}",
    "doctor.base_url.sandbox": "Public address {url}: sandbox, HTTPS not needed",
    "doctor.base_url.ok": "Public address {url}",
    "doctor.base_url.not_https": "Public address {url} is not HTTPS",
    "doctor.base_url.local": "Public address {url} cannot be reached from the internet",
    "doctor.base_url.fix": (
        "set PUBLIC_BASE_URL to the shop's https address behind the reverse proxy "
        "(docs/GO-LIVE.md, HTTPS)"
    ),
    "doctor.secrets.sandbox": "Secrets: sandbox, the built-in test ones apply",
    "doctor.secrets.ok": "Secrets set and long enough: {names}",
    "doctor.secrets.bad": "Unset or shorter than {min} characters: {names}",
    "doctor.secrets.fix": (
        "make up ADMIN_TOKEN and WHATSAPP_VERIFY_TOKEN (openssl rand -hex 16), take "
        "WHATSAPP_APP_SECRET from the Meta app's settings and YOOKASSA_SECRET_KEY from the "
        "YooKassa account"
    ),
    "doctor.token.ok": "Meta accepts the Graph API token",
    "doctor.token.refused": "Meta refuses the Graph API token: {why}",
    "doctor.token.fix": (
        "issue a permanent system user token with whatsapp_business_messaging and "
        "whatsapp_business_management and put it in WHATSAPP_ACCESS_TOKEN"
    ),
    "doctor.phone.ok": "Number {number} ({name}) reachable, quality rating {rating}",
    "doctor.phone.bad": "Number WHATSAPP_PHONE_NUMBER_ID={id} not reachable: {why}",
    "doctor.phone.fix": (
        "copy the Phone number ID from the Meta app's WhatsApp → API Setup; the token must "
        "have access to its account"
    ),
    "doctor.subscribed.ok": "App {apps} gets the webhooks of account {waba}",
    "doctor.subscribed.none": "No app is subscribed to the webhooks of account {waba}",
    "doctor.subscribed.bad": "Cannot read the webhook subscription of account {waba}: {why}",
    "doctor.subscribed.fix": (
        "subscribe the app: POST /{waba}/subscribed_apps with the token (docs/GO-LIVE.md, Webhook)"
    ),
    "doctor.waba.none": "WHATSAPP_BUSINESS_ACCOUNT_ID is not set",
    "doctor.waba.fix": (
        "copy the WhatsApp Business Account ID from the Meta app's WhatsApp → API Setup"
    ),
    "doctor.webhook.ok": "Last webhook from Meta arrived {when}",
    "doctor.webhook.sandbox": "No webhook yet: the sandbox sends them when you write in the chat",
    "doctor.webhook.none": "No webhook from Meta has arrived",
    "doctor.webhook.old": "Last webhook from Meta arrived {when}, over {days} days ago",
    "doctor.webhook.fix": (
        "in the Meta app (WhatsApp → Configuration) set the callback {url} with "
        "WHATSAPP_VERIFY_TOKEN, subscribe to the messages field and write to the shop"
    ),
    "doctor.template.ok": "Template {name} ({language}) approved",
    "doctor.template.missing": "Template {name} ({language}) is not in the account",
    "doctor.template.status": "Template {name} ({language}) is {status}, not APPROVED",
    "doctor.template.problem": "Template {name} ({language}): {problem}",
    "doctor.template.fix": (
        "submit the template with the text and buttons of docs/GO-LIVE.md and wait for approval"
    ),
    "doctor.templates.bad": "Cannot read the account's templates: {why}",
    "doctor.templates.fix": (
        "check WHATSAPP_BUSINESS_ACCOUNT_ID and the token's whatsapp_business_management"
    ),
    "doctor.order_link.parameters": "the body needs exactly one parameter, the order number",
    "doctor.order_link.button": (
        "it needs a URL button to the order page: …/o/ and the parameter at the end"
    ),
    "doctor.order_link.category": "its category must be UTILITY",
    "doctor.catalog.ok": "Catalog {id} ({name}) reachable",
    "doctor.catalog.none": "WHATSAPP_CATALOG_ID is not set",
    "doctor.catalog.bad": "Catalog {id} not reachable: {why}",
    "doctor.catalog.fix": (
        "create a catalog in Commerce Manager, connect it to the WhatsApp account, give the "
        "system user access and put its id in WHATSAPP_CATALOG_ID"
    ),
    "doctor.yookassa.ok": "YooKassa accepts the keys of shop {shop}",
    "doctor.yookassa.sandbox": "YooKassa accepts the keys of shop {shop} (sandbox)",
    "doctor.yookassa.refused": "YooKassa refuses the keys of shop {shop}: {why}",
    "doctor.yookassa.fix": (
        "take YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY from the YooKassa account "
        "(Integration → API keys)"
    ),
    "doctor.yookassa.test": "YooKassa shop {shop} is a test shop: no money moves",
    "doctor.yookassa.test_fix": "use the live shop and its secret key",
    "doctor.yookassa.no_receipts": "YooKassa shop {shop} has no 54-FZ receipts enabled",
    "doctor.yookassa.no_receipts_fix": (
        "turn on YooKassa's receipts or connect an online cash register in the YooKassa account"
    ),
    "doctor.networks.sandbox": "YooKassa notifications: sandbox",
    "doctor.networks.default": "YooKassa notifications accepted from its published networks only",
    "doctor.networks.ok": "YooKassa notifications accepted from: {networks}",
    "doctor.networks.empty": "YOOKASSA_TRUSTED_NETWORKS is empty: every notification is refused",
    "doctor.networks.open": "YOOKASSA_TRUSTED_NETWORKS lets anyone in: {networks}",
    "doctor.networks.fix": (
        "unset YOOKASSA_TRUSTED_NETWORKS (YooKassa's documented networks apply) or list only them"
    ),
    "doctor.proxies.none": (
        "TRUSTED_PROXIES is empty: behind the reverse proxy YooKassa's notifications are refused"
    ),
    "doctor.proxies.fix": (
        "list the proxy's addresses in TRUSTED_PROXIES, e.g. 127.0.0.1/32 or the docker network"
    ),
    "doctor.delivery.sandbox": "Delivery: sandbox, demo options",
    "doctor.delivery.ok": "Delivery: {options}",
    "doctor.delivery.none": "Delivery not set up: shoppers are offered only “{options}”",
    "doctor.delivery.fix": (
        "add delivery options and pickup points in the delivery settings "
        "or with PUT /api/settings/delivery"
    ),
    "doctor.database.bad": "The database does not answer: {why}",
    "doctor.database.fix": "check DATABASE_URL and run shop db upgrade",
}
