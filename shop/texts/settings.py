"""Texts of the shop's settings: the profile and delivery pages, and why a value is refused.

`settings.error.*` word pydantic's built-in checks by their error type; a field's own check
has its own key (`settings.shop.inn_bad`).
"""

from __future__ import annotations

RU: dict[str, str] = {
    # Why a value is refused, by pydantic's error type
    "settings.error.invalid": "недопустимое значение",
    "settings.error.missing": "обязательное поле",
    "settings.error.extra_forbidden": "неизвестное поле",
    "settings.error.string_type": "нужен текст",
    "settings.error.string_too_short": "заполните поле",
    "settings.error.string_too_long": "не длиннее {max_length} символов",
    "settings.error.decimal_parsing": "нужно число, например 350 или 350,50",
    "settings.error.decimal_type": "нужно число, например 350 или 350,50",
    "settings.error.decimal_max_places": "не больше {decimal_places} знаков после запятой",
    "settings.error.decimal_max_digits": "слишком много цифр",
    "settings.error.decimal_whole_digits": "слишком много цифр до запятой",
    "settings.error.greater_than": "должно быть больше {gt}",
    "settings.error.greater_than_equal": "не меньше {ge}",
    "settings.error.less_than_equal": "не больше {le}",
    "settings.error.literal_error": "выберите один из вариантов",
    "settings.error.list_type": "нужен список",
    "settings.error.too_short": "нужен хотя бы один",
    "settings.error.too_long": "не больше {max_length}",
    "settings.error.model_type": "нужен объект",
    "settings.error.model_attributes_type": "нужен объект",
    "settings.error.json_invalid": "это не JSON",
    "settings.error.too_big": (
        "настройки длиннее {limit} символов: сократите адреса или число пунктов"
    ),
    # The profile's own checks
    "settings.shop.inn_bad": "ИНН — 10 цифр у организации или 12 у ИП, с верной контрольной суммой",
    "settings.shop.phone_bad": "номер из 10–15 цифр, например +7 900 123-45-67",
    "settings.shop.email_bad": "адрес вида shop@example.ru",
    "settings.shop.logo_bad": "адрес картинки, начинающийся с https://",
    # Delivery's own checks
    "settings.delivery.kopecks": "не больше двух знаков после запятой",
    "settings.delivery.no_points": "у самовывоза нужен хотя бы один пункт выдачи",
    "settings.delivery.courier_points": "пункты выдачи бывают только у самовывоза",
    "settings.delivery.point_twice": "два пункта с одним названием",
    "settings.delivery.option_twice": "два способа с одним названием",
    "settings.delivery.none": "добавьте хотя бы один способ доставки",
    # The pages
    "admin.settings.saved": "Сохранено. Следующий заказ в чате увидит изменения.",
    "admin.settings.problems": "Ничего не сохранено: исправьте отмеченные поля.",
    "admin.settings.shop.title": "Магазин",
    "admin.settings.shop.heading": "Профиль магазина",
    "admin.settings.shop.intro": "Эти сведения покупатель видит на странице заказа.",
    "admin.settings.shop.name": "Название",
    "admin.settings.shop.name.help": "Как магазин называется для покупателей.",
    "admin.settings.shop.legal_name": "Юридическое название",
    "admin.settings.shop.legal_name.help": "Продавец по закону: ООО «Ромашка» или ИП Иванов И. И.",
    "admin.settings.shop.inn": "ИНН",
    "admin.settings.shop.inn.help": (
        "10 цифр у организации, 12 у ИП; контрольная сумма проверяется."
    ),
    "admin.settings.shop.address": "Адрес",
    "admin.settings.shop.address.help": "Юридический или фактический адрес магазина.",
    "admin.settings.shop.phone": "Телефон",
    "admin.settings.shop.phone.help": "Для вопросов покупателей, например +7 900 123-45-67.",
    "admin.settings.shop.email": "Электронная почта",
    "admin.settings.shop.email.help": "Для вопросов покупателей.",
    "admin.settings.shop.hours": "Часы работы",
    "admin.settings.shop.hours.help": "Как написать покупателю: «пн–пт 10:00–19:00».",
    "admin.settings.shop.logo_url": "Логотип",
    "admin.settings.shop.logo_url.help": "Адрес картинки в интернете, начинается с https://.",
    "admin.settings.delivery.title": "Способы доставки",
    "admin.settings.delivery.heading": "Способы доставки",
    "admin.settings.delivery.intro": (
        "Эти способы чат предлагает покупателю при оформлении, в этом порядке. "
        "Пустые строки не сохраняются; чтобы добавить ещё, сохраните — появятся новые."
    ),
    "admin.settings.delivery.unsaved": (
        "Доставка ещё не настроена: сейчас покупатели видят то, что показано ниже."
    ),
    "admin.settings.delivery.option": "Способ {n}",
    "admin.settings.delivery.new_option": "Новый способ",
    "admin.settings.delivery.add_option": "Добавить способ доставки",
    "admin.settings.delivery.add_point": "Добавить пункт выдачи",
    "admin.settings.delivery.add_zone": "Добавить зону",
    "admin.settings.delivery.kind": "Вид",
    "admin.settings.delivery.kind.help": "Курьер спросит адрес; самовывоз покажет пункты выдачи.",
    "admin.settings.delivery.kind.courier": "Курьер",
    "admin.settings.delivery.kind.pickup": "Самовывоз",
    "admin.settings.delivery.option_title": "Название",
    "admin.settings.delivery.option_title.help": "На кнопке в чате видны первые 20 символов.",
    "admin.settings.delivery.price": "Цена",
    "admin.settings.delivery.price.help": "0 — бесплатно.",
    "admin.settings.delivery.free_from": "Бесплатно от",
    "admin.settings.delivery.free_from.help": (
        "Сумма товаров, с которой доставка бесплатна; пусто — всегда по цене."
    ),
    "admin.settings.delivery.remove": "Удалить этот способ",
    "admin.settings.delivery.points": "Пункты выдачи",
    "admin.settings.delivery.points.help": (
        "Только для самовывоза. Покупатель выбирает пункт из списка и получает точку на карте."
    ),
    "admin.settings.delivery.point": "Пункт {n}",
    "admin.settings.delivery.new_point": "Новый пункт",
    "admin.settings.delivery.point_title": "Название",
    "admin.settings.delivery.point_title.help": "В списке чата видны первые 24 символа.",
    "admin.settings.delivery.address": "Адрес",
    "admin.settings.delivery.address.help": "Как его найти: город, улица, дом.",
    "admin.settings.delivery.lat": "Широта",
    "admin.settings.delivery.lat.help": "Для точки на карте, например 55.7597.",
    "admin.settings.delivery.lon": "Долгота",
    "admin.settings.delivery.lon.help": "Для точки на карте, например 37.6141.",
    "admin.settings.delivery.hours": "Часы работы",
    "admin.settings.delivery.hours.help": "Например 10:00–21:00.",
    "admin.settings.delivery.remove_point": "Удалить этот пункт",
    "admin.settings.unit.degrees": "°",
    # The chat's «О магазине» (shop/shop_profile/card.py)
    "menu.about": "О магазине",
    "menu.about.hint": "Контакты, часы работы и продавец",
    "about.hours": "Часы работы: {hours}",
    "about.phone": "Телефон: {phone}",
    "about.email": "Почта: {email}",
    "about.address": "Адрес: {address}",
    "about.seller": "Продавец: {seller}",
    "about.inn": ", ИНН {inn}",
    "about.none": "Магазин ещё не рассказал о себе. Если есть вопрос, позовите сотрудника в меню.",
    # The languages document (shop/shop_profile/languages.py) and its page
    "settings.languages.currency_bad": "валюта из списка: {known}",
    "settings.languages.english_off": (
        "английский может быть языком по умолчанию, только если он предложен покупателям"
    ),
    "settings.languages.currency_in_use": (
        "валюту нельзя сменить, пока в {old} указаны цены: товаров в продаже — {products}, "
        "незавершённых заказов — {orders}. Загрузите каталог в новой валюте и завершите заказы"
    ),
    "admin.settings.languages.title": "Валюта и языки",
    "admin.settings.languages.heading": "Валюта и языки",
    "admin.settings.languages.intro": (
        "В какой валюте магазин продаёт и на каком языке говорит чат. Изменения действуют "
        "со следующего сообщения покупателя, без перезапуска."
    ),
    "admin.settings.languages.unsaved": (
        "Ещё не сохранялось: валюта взята из настройки сервера SHOP_CURRENCY."
    ),
    "admin.settings.languages.saved": "Сохранено. Следующее сообщение в чате учтёт изменения.",
    "admin.settings.languages.currency": "Валюта магазина",
    "admin.settings.languages.currency.help": (
        "Цены товаров, корзины и заказы — в ней. Сменить можно, пока нет товаров в продаже "
        "и незавершённых заказов в прежней валюте."
    ),
    "admin.settings.languages.english_offered": "Предлагать английский",
    "admin.settings.languages.english_offered.help": (
        "Покупатель может переключить чат на английский (кнопкой в меню или когда пишет "
        "по-английски). Без флажка чат говорит только по-русски."
    ),
    "admin.settings.languages.default_language": "Язык новых чатов",
    "admin.settings.languages.default_language.help": (
        "На каком языке чат встречает нового покупателя."
    ),
    "admin.settings.languages.lang.ru": "Русский",
    "admin.settings.languages.lang.en": "Английский",
    # The currency choices by name; the stored value stays the ISO code
    "admin.settings.languages.cur.RUB": "Российский рубль (₽)",
    "admin.settings.languages.cur.BYN": "Белорусский рубль (Br)",
    "admin.settings.languages.cur.KZT": "Казахстанский тенге (₸)",
    "admin.settings.languages.cur.UZS": "Узбекский сум (сўм)",
    "admin.settings.languages.cur.USD": "Доллар США ($)",
    "admin.settings.languages.cur.EUR": "Евро (€)",
    "settings.delivery.pickup_zones": "зоны бывают только у курьера",
    "settings.delivery.zone_twice": "две зоны с одним названием",
    "admin.settings.delivery.zones": "Зоны доставки",
    "admin.settings.delivery.zones.help": (
        "Только для курьера. Если зоны есть, покупатель выбирает свою из списка и платит её цену "
        "(цена способа тогда не используется)."
    ),
    "admin.settings.delivery.zone": "Зона {n}",
    "admin.settings.delivery.new_zone": "Новая зона",
    "admin.settings.delivery.zone_title": "Название зоны",
    "admin.settings.delivery.zone_title.help": (
        "Например «В пределах МКАД»; в списке видны 24 символа."
    ),
    "admin.settings.delivery.zone_price": "Цена в зоне",
    "admin.settings.delivery.zone_price.help": "0 — бесплатно.",
    "admin.settings.delivery.zone_free_from": "Бесплатно от",
    "admin.settings.delivery.zone_free_from.help": "Сумма товаров; пусто — всегда по цене зоны.",
    "admin.settings.delivery.remove_zone": "Удалить эту зону",
    # The chat's zone step (shop/chat/handlers/zones.py)
    "checkout.zone.ask": "{option}: выберите, куда доставить. Цена зависит от зоны.",
    "checkout.zone.button": "Выбрать зону",
    "checkout.zone.from": "от {price}",
    "checkout.zone.from_free": "бесплатно",
    # The reminders document's own checks
    "settings.error.int_type": "нужно целое число",
    "settings.error.int_parsing": "нужно целое число",
    "settings.error.int_from_float": "нужно целое число",
    "settings.error.time_type": "время вида 21:00",
    "settings.error.time_parsing": "время вида 21:00",
    "settings.error.date_type": "дата вида 01.01.2027",
    "settings.error.date_parsing": "дата вида 01.01.2027",
    "settings.error.date_from_datetime_parsing": "дата вида 01.01.2027",
    "settings.error.bool_parsing": "да или нет",
    "settings.reminders.increasing": "каждое напоминание — позже предыдущего",
    "settings.reminders.quiet_both": "укажите и начало, и конец тихих часов (или ни то, ни другое)",
    "settings.reminders.quiet_same": "начало и конец тихих часов совпадают",
    "settings.reminders.template_bad": "название шаблона: строчные латинские буквы, цифры и _",
    "settings.reminders.promo_bad": "до 15 латинских букв, цифр, - или _",
    "admin.settings.reminders.title": "Настройки напоминаний",
    "admin.settings.reminders.heading": "Напоминания о брошенной корзине",
    "admin.settings.reminders.intro": (
        "Когда и как часто чат напоминает о корзине, и когда сам делает паузу. "
        "Изменения действуют со следующего запуска рассылки, без перезапуска."
    ),
    "admin.settings.reminders.unsaved": (
        "Настройки ещё не сохранялись: ниже — значения по умолчанию из конфигурации сервера."
    ),
    "admin.settings.reminders.saved": "Сохранено. Следующий запуск рассылки учтёт изменения.",
    "admin.settings.reminders.link": "Шаги, тихие часы, лимит и защита номера — настроить",
    "admin.settings.reminders.general": "Общее",
    "admin.settings.reminders.enabled": "Отправлять напоминания",
    "admin.settings.reminders.enabled.help": (
        "Снимите флажок, чтобы остановить все напоминания; корзины при этом сохраняются."
    ),
    "admin.settings.reminders.cap_30d": "Не больше сообщений за 30 дней",
    "admin.settings.reminders.cap_30d.help": (
        "Сколько рекламных сообщений один покупатель получит за 30 дней; 0 — ни одного."
    ),
    "admin.settings.reminders.steps": "Шаги",
    "admin.settings.reminders.steps.help": (
        "Напоминание уходит, если корзину не меняли указанное время. До 5 шагов; "
        "чтобы убрать шаг, очистите его поля."
    ),
    "admin.settings.reminders.step": "Шаг {n}",
    "admin.settings.reminders.new_step": "Новый шаг",
    "admin.settings.reminders.after_hours": "Через",
    "admin.settings.reminders.after_hours.help": (
        "Часов после последнего изменения корзины, например 1 или 24; 0,5 — полчаса."
    ),
    "admin.settings.reminders.template": "Шаблон",
    "admin.settings.reminders.template.help": "Одобренный шаблон WhatsApp, например cart_reminder.",
    "admin.settings.reminders.promo_code": "Промокод",
    "admin.settings.reminders.promo_code.help": (
        "Код для кнопки «Скопировать код», если она есть в шаблоне; пусто — без кода."
    ),
    "admin.settings.reminders.quiet": "Тихие часы и праздники",
    "admin.settings.reminders.quiet_from": "Тихие часы: с",
    "admin.settings.reminders.quiet_from.help": (
        "По времени магазина; напоминание ждёт утра. Оба поля пустые — без тихих часов."
    ),
    "admin.settings.reminders.quiet_until": "Тихие часы: до",
    "admin.settings.reminders.quiet_until.help": "Например с 21:00 до 09:00.",
    "admin.settings.reminders.max_lateness_hours": "Не позже чем через",
    "admin.settings.reminders.max_lateness_hours.help": (
        "Напоминание, задержанное тихими часами дольше этого, не отправляется."
    ),
    "admin.settings.reminders.holidays": "Праздничные дни",
    "admin.settings.reminders.holidays.help": (
        "Дни без напоминаний, через запятую: 01.01.2027, 07.01.2027."
    ),
    "admin.settings.reminders.guard": "Защита номера",
    "admin.settings.reminders.guard.help": (
        "Если покупатели часто отписываются или жалуются, WhatsApp снижает рейтинг номера. "
        "Напоминания встают на паузу, когда за период превышен любой из порогов."
    ),
    "admin.settings.reminders.guard_opt_out_percent": "Порог отписок",
    "admin.settings.reminders.guard_opt_out_percent.help": (
        "Доля отписавшихся от доставленных напоминаний, например 0,5."
    ),
    "admin.settings.reminders.guard_complaint_percent": "Порог жалоб",
    "admin.settings.reminders.guard_complaint_percent.help": (
        "Доля жалоб («спам», блокировка) от доставленных, например 0,1."
    ),
    "admin.settings.reminders.guard_min_delivered": "Считать доли от",
    "admin.settings.reminders.guard_min_delivered.help": (
        "Доли проверяются, когда доставлено хотя бы столько напоминаний."
    ),
    "admin.settings.reminders.guard_opt_out_backstop": "Пауза при отписках",
    "admin.settings.reminders.guard_opt_out_backstop.help": (
        "Пока доставлено меньше, чем в поле выше, пауза ставится после стольких отписок."
    ),
    "admin.settings.reminders.guard_window_days": "Период проверки",
    "admin.settings.reminders.guard_window_days.help": "За сколько последних дней считать доли.",
    "admin.settings.unit.hours": "ч",
    "admin.settings.unit.days": "дн.",
    "admin.settings.unit.percent": "%",
    "admin.settings.unit.messages": "сообщ.",
    "admin.settings.unit.shoppers": "чел.",
    # The shop on the shopper's order page
    "order.page.seller": "Продавец",
    "order.page.inn": "ИНН",
}

EN: dict[str, str] = {
    "settings.error.invalid": "not a valid value",
    "settings.error.missing": "required",
    "settings.error.extra_forbidden": "unknown field",
    "settings.error.string_type": "must be text",
    "settings.error.string_too_short": "must not be empty",
    "settings.error.string_too_long": "at most {max_length} characters",
    "settings.error.decimal_parsing": "must be a number, like 350 or 350.50",
    "settings.error.decimal_type": "must be a number, like 350 or 350.50",
    "settings.error.decimal_max_places": "at most {decimal_places} decimal places",
    "settings.error.decimal_max_digits": "too many digits",
    "settings.error.decimal_whole_digits": "too many digits before the point",
    "settings.error.greater_than": "must be more than {gt}",
    "settings.error.greater_than_equal": "at least {ge}",
    "settings.error.less_than_equal": "at most {le}",
    "settings.error.literal_error": "choose one of the options",
    "settings.error.list_type": "must be a list",
    "settings.error.too_short": "at least one is needed",
    "settings.error.too_long": "at most {max_length}",
    "settings.error.model_type": "must be an object",
    "settings.error.model_attributes_type": "must be an object",
    "settings.error.json_invalid": "not JSON",
    "settings.error.too_big": "the settings exceed {limit} characters: shorten addresses or points",
    "settings.shop.inn_bad": (
        "an INN is 10 digits (organisation) or 12 (person) with a valid checksum"
    ),
    "settings.shop.phone_bad": "10–15 digits, like +7 900 123-45-67",
    "settings.shop.email_bad": "an address like shop@example.com",
    "settings.shop.logo_bad": "an image address starting with https://",
    "settings.delivery.kopecks": "at most two decimal places",
    "settings.delivery.no_points": "pickup needs at least one pickup point",
    "settings.delivery.courier_points": "only pickup has pickup points",
    "settings.delivery.point_twice": "two points with the same title",
    "settings.delivery.option_twice": "two options with the same title",
    "settings.delivery.none": "add at least one delivery option",
    "admin.settings.saved": "Saved. The next order in the chat sees the change.",
    "admin.settings.problems": "Nothing was saved: correct the marked fields.",
    "admin.settings.shop.title": "Shop",
    "admin.settings.shop.heading": "Shop profile",
    "admin.settings.shop.intro": "Shoppers see these details on their order page.",
    "admin.settings.shop.name": "Name",
    "admin.settings.shop.name.help": "The shop's name for shoppers.",
    "admin.settings.shop.legal_name": "Legal name",
    "admin.settings.shop.legal_name.help": "The seller by law: a company or a sole trader.",
    "admin.settings.shop.inn": "INN",
    "admin.settings.shop.inn.help": (
        "10 digits for a company, 12 for a sole trader; checksum verified."
    ),
    "admin.settings.shop.address": "Address",
    "admin.settings.shop.address.help": "The shop's registered or actual address.",
    "admin.settings.shop.phone": "Phone",
    "admin.settings.shop.phone.help": "For shoppers' questions, like +7 900 123-45-67.",
    "admin.settings.shop.email": "E-mail",
    "admin.settings.shop.email.help": "For shoppers' questions.",
    "admin.settings.shop.hours": "Working hours",
    "admin.settings.shop.hours.help": "As shoppers should read them: “Mon–Fri 10:00–19:00”.",
    "admin.settings.shop.logo_url": "Logo",
    "admin.settings.shop.logo_url.help": "The image's web address, starting with https://.",
    "admin.settings.delivery.title": "Delivery",
    "admin.settings.delivery.heading": "Delivery options",
    "admin.settings.delivery.intro": (
        "The chat offers these options at checkout, in this order. Blank rows are not saved; "
        "save to get more blank rows."
    ),
    "admin.settings.delivery.unsaved": (
        "Delivery is not set up yet: shoppers now see what is shown below."
    ),
    "admin.settings.delivery.option": "Option {n}",
    "admin.settings.delivery.new_option": "New option",
    "admin.settings.delivery.add_option": "Add a delivery option",
    "admin.settings.delivery.add_point": "Add a pickup point",
    "admin.settings.delivery.add_zone": "Add a zone",
    "admin.settings.delivery.kind": "Kind",
    "admin.settings.delivery.kind.help": "A courier asks for the address; pickup shows the points.",
    "admin.settings.delivery.kind.courier": "Courier",
    "admin.settings.delivery.kind.pickup": "Pickup",
    "admin.settings.delivery.option_title": "Title",
    "admin.settings.delivery.option_title.help": "A chat button shows its first 20 characters.",
    "admin.settings.delivery.price": "Price",
    "admin.settings.delivery.price.help": "0 is free.",
    "admin.settings.delivery.free_from": "Free from",
    "admin.settings.delivery.free_from.help": (
        "Goods total from which delivery is free; empty: always at the price."
    ),
    "admin.settings.delivery.remove": "Remove this option",
    "admin.settings.delivery.points": "Pickup points",
    "admin.settings.delivery.points.help": (
        "Pickup only. The shopper picks a point from a list and gets a map pin."
    ),
    "admin.settings.delivery.point": "Point {n}",
    "admin.settings.delivery.new_point": "New point",
    "admin.settings.delivery.point_title": "Title",
    "admin.settings.delivery.point_title.help": "The chat's list shows its first 24 characters.",
    "admin.settings.delivery.address": "Address",
    "admin.settings.delivery.address.help": "How to find it: city, street, building.",
    "admin.settings.delivery.lat": "Latitude",
    "admin.settings.delivery.lat.help": "For the map pin, like 55.7597.",
    "admin.settings.delivery.lon": "Longitude",
    "admin.settings.delivery.lon.help": "For the map pin, like 37.6141.",
    "admin.settings.delivery.hours": "Opening hours",
    "admin.settings.delivery.hours.help": "Like 10:00–21:00.",
    "admin.settings.delivery.remove_point": "Remove this point",
    "admin.settings.unit.degrees": "°",
    "menu.about": "About the shop",
    "menu.about.hint": "Contacts, opening hours and the seller",
    "about.hours": "Opening hours: {hours}",
    "about.phone": "Phone: {phone}",
    "about.email": "E-mail: {email}",
    "about.address": "Address: {address}",
    "about.seller": "Seller: {seller}",
    "about.inn": ", INN {inn}",
    "about.none": "The shop has not told about itself yet. For a question, ask a person (menu).",
    "settings.languages.currency_bad": "a currency from the list: {known}",
    "settings.languages.english_off": (
        "English can be the default only when it is offered to shoppers"
    ),
    "settings.languages.currency_in_use": (
        "the currency cannot change while prices are in {old}: products on sale: {products}, "
        "orders not finished: {orders}. Import the catalog in the new currency and finish them"
    ),
    "admin.settings.languages.title": "Currency and languages",
    "admin.settings.languages.heading": "Currency and languages",
    "admin.settings.languages.intro": (
        "The currency the shop sells in and the languages its chat speaks. Changes apply "
        "from the shopper's next message, without a restart."
    ),
    "admin.settings.languages.unsaved": (
        "Not saved yet: the currency comes from the server's SHOP_CURRENCY setting."
    ),
    "admin.settings.languages.saved": "Saved. The chat's next message follows the change.",
    "admin.settings.languages.currency": "Shop currency",
    "admin.settings.languages.currency.help": (
        "Product prices, carts and orders are in it. It can change while no product on sale "
        "and no unfinished order is in the old one."
    ),
    "admin.settings.languages.english_offered": "Offer English",
    "admin.settings.languages.english_offered.help": (
        "A shopper may switch the chat to English (from the menu, or when writing in English). "
        "Unticked, the chat speaks Russian only."
    ),
    "admin.settings.languages.default_language": "Language of new chats",
    "admin.settings.languages.default_language.help": (
        "The language the chat greets a new shopper in."
    ),
    "admin.settings.languages.lang.ru": "Russian",
    "admin.settings.languages.lang.en": "English",
    "admin.settings.languages.cur.RUB": "Russian rouble (₽)",
    "admin.settings.languages.cur.BYN": "Belarusian rouble (Br)",
    "admin.settings.languages.cur.KZT": "Kazakhstani tenge (₸)",
    "admin.settings.languages.cur.UZS": "Uzbekistani som (soʻm)",
    "admin.settings.languages.cur.USD": "US dollar ($)",
    "admin.settings.languages.cur.EUR": "Euro (€)",
    "settings.delivery.pickup_zones": "only a courier option has zones",
    "settings.delivery.zone_twice": "two zones with the same title",
    "admin.settings.delivery.zones": "Delivery zones",
    "admin.settings.delivery.zones.help": (
        "Courier only. With zones, the shopper picks theirs from a list and pays its price "
        "(the option's own price is then not used)."
    ),
    "admin.settings.delivery.zone": "Zone {n}",
    "admin.settings.delivery.new_zone": "New zone",
    "admin.settings.delivery.zone_title": "Zone title",
    "admin.settings.delivery.zone_title.help": (
        "Like “Inside the ring road”; the list shows 24 characters."
    ),
    "admin.settings.delivery.zone_price": "Price in the zone",
    "admin.settings.delivery.zone_price.help": "0 is free.",
    "admin.settings.delivery.zone_free_from": "Free from",
    "admin.settings.delivery.zone_free_from.help": "Goods total; empty: always the zone's price.",
    "admin.settings.delivery.remove_zone": "Remove this zone",
    "checkout.zone.ask": "{option}: choose where to deliver. The price depends on the zone.",
    "checkout.zone.button": "Choose a zone",
    "checkout.zone.from": "from {price}",
    "checkout.zone.from_free": "free",
    "settings.error.int_type": "must be a whole number",
    "settings.error.int_parsing": "must be a whole number",
    "settings.error.int_from_float": "must be a whole number",
    "settings.error.time_type": "a time like 21:00",
    "settings.error.time_parsing": "a time like 21:00",
    "settings.error.date_type": "a date like 01.01.2027",
    "settings.error.date_parsing": "a date like 01.01.2027",
    "settings.error.date_from_datetime_parsing": "a date like 01.01.2027",
    "settings.error.bool_parsing": "yes or no",
    "settings.reminders.increasing": "each reminder must come later than the one before",
    "settings.reminders.quiet_both": "give both the start and the end of quiet hours (or neither)",
    "settings.reminders.quiet_same": "quiet hours start and end at the same time",
    "settings.reminders.template_bad": "a template name: lowercase Latin letters, digits and _",
    "settings.reminders.promo_bad": "up to 15 Latin letters, digits, - or _",
    "admin.settings.reminders.title": "Reminder settings",
    "admin.settings.reminders.heading": "Abandoned cart reminders",
    "admin.settings.reminders.intro": (
        "When and how often the chat reminds about a cart, and when it pauses by itself. "
        "Changes apply from the next reminder run, without a restart."
    ),
    "admin.settings.reminders.unsaved": (
        "Not saved yet: below are the defaults from the server's configuration."
    ),
    "admin.settings.reminders.saved": "Saved. The next reminder run follows the change.",
    "admin.settings.reminders.link": "Steps, quiet hours, the cap and number protection: set up",
    "admin.settings.reminders.general": "General",
    "admin.settings.reminders.enabled": "Send reminders",
    "admin.settings.reminders.enabled.help": ("Untick to stop every reminder; carts are kept."),
    "admin.settings.reminders.cap_30d": "At most messages per 30 days",
    "admin.settings.reminders.cap_30d.help": (
        "How many marketing messages one shopper gets in 30 days; 0 is none."
    ),
    "admin.settings.reminders.steps": "Steps",
    "admin.settings.reminders.steps.help": (
        "A reminder goes out when the cart has not changed for this long. Up to 5 steps; "
        "clear a step's fields to remove it."
    ),
    "admin.settings.reminders.step": "Step {n}",
    "admin.settings.reminders.new_step": "New step",
    "admin.settings.reminders.after_hours": "After",
    "admin.settings.reminders.after_hours.help": (
        "Hours after the cart's last change, like 1 or 24; 0.5 is half an hour."
    ),
    "admin.settings.reminders.template": "Template",
    "admin.settings.reminders.template.help": "An approved WhatsApp template, like cart_reminder.",
    "admin.settings.reminders.promo_code": "Promo code",
    "admin.settings.reminders.promo_code.help": (
        "The code for the template's copy-code button, if it has one; empty: no code."
    ),
    "admin.settings.reminders.quiet": "Quiet hours and holidays",
    "admin.settings.reminders.quiet_from": "Quiet hours from",
    "admin.settings.reminders.quiet_from.help": (
        "In the shop's time; a reminder waits for the morning. Both empty: no quiet hours."
    ),
    "admin.settings.reminders.quiet_until": "Quiet hours until",
    "admin.settings.reminders.quiet_until.help": "Like from 21:00 until 09:00.",
    "admin.settings.reminders.max_lateness_hours": "No later than",
    "admin.settings.reminders.max_lateness_hours.help": (
        "A reminder held up by quiet hours for longer than this is not sent."
    ),
    "admin.settings.reminders.holidays": "Holidays",
    "admin.settings.reminders.holidays.help": (
        "Days without reminders, separated by commas: 01.01.2027, 07.01.2027."
    ),
    "admin.settings.reminders.guard": "Number protection",
    "admin.settings.reminders.guard.help": (
        "When shoppers often opt out or complain, WhatsApp lowers the number's rating. "
        "Reminders pause when any threshold is exceeded over the period."
    ),
    "admin.settings.reminders.guard_opt_out_percent": "Opt-out threshold",
    "admin.settings.reminders.guard_opt_out_percent.help": (
        "Opt-outs as a share of delivered reminders, like 0.5."
    ),
    "admin.settings.reminders.guard_complaint_percent": "Complaint threshold",
    "admin.settings.reminders.guard_complaint_percent.help": (
        "Complaints (spam reports, blocks) as a share of delivered, like 0.1."
    ),
    "admin.settings.reminders.guard_min_delivered": "Count shares from",
    "admin.settings.reminders.guard_min_delivered.help": (
        "Shares are checked once at least this many reminders were delivered."
    ),
    "admin.settings.reminders.guard_opt_out_backstop": "Pause at opt-outs",
    "admin.settings.reminders.guard_opt_out_backstop.help": (
        "While fewer were delivered than above, this many opt-outs pause reminders."
    ),
    "admin.settings.reminders.guard_window_days": "Period",
    "admin.settings.reminders.guard_window_days.help": "Over how many recent days to count.",
    "admin.settings.unit.hours": "h",
    "admin.settings.unit.days": "days",
    "admin.settings.unit.percent": "%",
    "admin.settings.unit.messages": "msgs",
    "admin.settings.unit.shoppers": "people",
    "order.page.seller": "Seller",
    "order.page.inn": "INN",
}
