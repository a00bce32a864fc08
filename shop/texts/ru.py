"""Russian texts for shoppers (the default locale)."""

from __future__ import annotations

RU: dict[str, str] = {
    # Menu
    "welcome.body": (
        "Здравствуйте! Я помогу выбрать товары и оформить заказ прямо здесь, в WhatsApp.\n"
        "Откройте меню и выберите, с чего начнём."
    ),
    "welcome.short": "Вот что я умею — откройте меню.",
    "welcome.unknown": "Я не совсем понял сообщение и ничего не нашёл по нему.",
    "welcome.stale": "Эта кнопка уже не работает. Давайте начнём с меню.",
    "menu.button": "Меню",
    "menu.catalog": "Каталог",
    "menu.catalog.hint": "Товары по категориям",
    "menu.showcase": "Витрина WhatsApp",
    "menu.showcase.hint": "Весь каталог с фото",
    "menu.search": "Поиск",
    "menu.search.hint": "Найти товар по названию",
    "menu.cart": "Корзина",
    "menu.cart.hint": "{n} {n:plural:товар|товара|товаров}",
    "menu.orders": "Мои заказы",
    "menu.orders.hint": "Статус и ссылки на оплату",
    "menu.operator": "Позвать человека",
    "menu.operator.hint": "Ответит сотрудник магазина",
    "menu.news": "Новости и скидки",
    "menu.news.hint": "Подписаться или отказаться",
    # The row and the offer that switch a chat's language show the other language's texts:
    # "language.name" and "language.switch" are looked up in the language being offered.
    "language.name": "Русский",
    "language.switch": "Перейти на русский",
    "language.offer": "Похоже, вы пишете по-русски. Продолжим на русском?",
    "language.chosen": "Хорошо, продолжаем на русском.",
    "list.next": "Дальше →",
    "list.page": "Страница {n}",
    "list.first": "← В начало",
    # Catalog
    "catalog.empty": "Каталог пока пуст. Загляните чуть позже или позовите человека.",
    "catalog.choose": "Выберите категорию.",
    "catalog.button": "Категории",
    "catalog.count": "{n} {n:plural:товар|товара|товаров}",
    "catalog.category_empty": "В этой категории сейчас нет товаров в наличии.",
    "catalog.products": (
        "{n} {n:plural:товар|товара|товаров}, страница {page} из {pages}. "
        "Откройте список, добавьте товары в корзину и отправьте её мне."
    ),
    "catalog.after_list": "Что дальше?",
    "catalog.after_list_more": "В категории есть ещё товары.",
    "catalog.showcase": "Весь каталог магазина. Добавьте товары в корзину и отправьте её мне.",
    "products.other": "Другое",
    # Product
    "product.card": "{title}\nЦена: {price}",
    "product.interest": (
        "Вы спрашиваете о товаре «{title}» ({price}). "
        "Могу добавить в корзину, а на вопрос ответит сотрудник магазина."
    ),
    "product.unavailable": "Этого товара сейчас нет в наличии.",
    "product.sold_out": "«{title}»: сейчас нет в наличии — всё раскупили.",
    "product.similar": "Вот похожие товары в наличии.",
    "product.similar_header": "Похожие товары",
    "product.no_similar": "Похожих товаров в наличии пока нет. Загляните в каталог.",
    # Search
    "search.prompt": "Напишите, что ищете: название, бренд или категорию.",
    "search.header": "Поиск: {query}",
    "search.body": "Нашёл {n} {n:plural:товар|товара|товаров}.",
    "search.one": "По запросу «{query}» нашёлся один товар.",
    "search.after": "Напишите другой запрос или выберите действие.",
    "search.nothing": "По запросу «{query}» ничего не нашлось.",
    "search.maybe": "Возможно, вам подойдёт одна из категорий.",
    "search.button": "Варианты",
    "search.all_categories": "Все категории",
    "search.ask_person": "Подскажет сотрудник магазина",
    # Cart
    "cart.received": "Получил вашу корзину.",
    "cart.empty": "Корзина пуста.",
    "cart.title": "В корзине {n} {n:plural:товар|товара|товаров}:",
    "cart.line": "{n}. {title} — {qty} × {price} = {total}",
    "cart.total": "Итого: {total}",
    "cart.next": "Итого {total}. Оформляем?",
    "cart.added": (
        "Добавил «{title}» (в корзине {n} шт.). "
        "Всего {count} {count:plural:товар|товара|товаров} на {total}."
    ),
    "cart.at_limit": "«{title}» больше добавить нельзя: в корзине уже {n} шт.",
    "cart.updated": "Изменил количество: «{title}».",
    "cart.removed": "Убрал из корзины «{title}».",
    "cart.cleared": "Корзина очищена.",
    "cart.no_line": "Такого товара в корзине уже нет.",
    "cart.edit": "Выберите товар, чтобы изменить количество или убрать его.",
    "cart.edit_button": "Товары",
    "cart.row": "{n} шт.",
    "cart.clear_row": "Очистить корзину",
    "cart.line_edit": "«{title}»: {n} шт. Или напишите нужное количество числом.",
    "fix.intro": "Я сверил корзину с каталогом магазина:",
    "fix.unknown": "артикула {sku} нет в каталоге — убрал из корзины",
    "fix.unavailable": "«{title}»: сейчас нельзя заказать — убрал из корзины",
    "fix.sold_out": "«{title}»: нет в наличии, всё раскупили — убрал из корзины",
    "fix.stock": "«{title}»: осталось только {n} шт. — поставил {n}",
    "fix.limit": "«{title}»: не больше {n} шт. в одном заказе — поставил {n}",
    "fix.price": "«{title}» стоит {new}, а не {old}",
    # The shop's built-in delivery options (a merchant's own keep the merchant's titles)
    "delivery.pickup": "Самовывоз",
    "delivery.courier": "Курьер",
    "delivery.agreed": "Доставка по согласованию",
    # Checkout
    "checkout.recheck": "Проверьте корзину и нажмите «Оформить» ещё раз.",
    "checkout.no_delivery": (
        "Магазин ещё не настроил способы доставки. Позовите человека — он поможет с заказом."
    ),
    "checkout.delivery": "Как доставить заказ?",
    "checkout.option": "• {title} — {price}",
    "checkout.free": "бесплатно",
    "checkout.delivery_button": "Доставка",
    "checkout.pickup": "Выберите пункт самовывоза.",
    "checkout.pickup_button": "Пункты",
    "checkout.address": (
        "Напишите адрес доставки (город, улица, дом, квартира) "
        "или отправьте геолокацию через скрепку."
    ),
    "checkout.address_short": "Адрес слишком короткий. Напишите город, улицу и дом.",
    "checkout.pin": "Точка на карте: {lat}, {lon}",
    "checkout.contact": ("Куда прислать чек? Можно на этот номер WhatsApp или на e-mail."),
    "checkout.email": "Напишите адрес электронной почты для чека.",
    "checkout.email_bad": "Это не похоже на e-mail. Напишите адрес вида name@example.ru.",
    "checkout.whatsapp_number": "этот номер WhatsApp",
    "checkout.summary": (
        "Ваш заказ:\n{lines}\n\nДоставка: {delivery} — {delivery_price}\n{where}\n"
        "Чек: {contact}\n\nК оплате: {total}"
    ),
    "checkout.confirm": "Всё верно?",
    "checkout.placing": (
        "Спасибо! Оформляю заказ и резервирую товары. "
        "Сейчас пришлю номер заказа и ссылку на оплату."
    ),
    "checkout.cancelled": "Оформление отменено, корзина сохранена.",
    "failure.apology": (
        "Извините, не получилось обработать ваше сообщение. Попробуйте ещё раз или откройте меню."
    ),
    # Buttons (≤20 characters)
    "button.add": "В корзину",
    "button.cart": "Корзина",
    "button.catalog": "Каталог",
    "button.categories": "Категории",
    "button.menu": "Меню",
    "button.next": "Ещё товары",
    "button.more": "Ещё результаты",
    "button.search": "Поиск",
    "button.checkout": "Оформить",
    "button.edit": "Изменить",
    "button.plus": "+1",
    "button.minus": "−1",
    "button.remove": "Убрать",
    "button.operator": "Позвать человека",
    "button.phone": "На номер WhatsApp",
    "button.email": "На e-mail",
    "button.confirm": "Подтвердить",
    "button.change": "Изменить доставку",
    "button.cancel": "Отменить",
    "button.yes": "Да, присылайте",
    "button.open_order": "Открыть заказ",
    "button.no": "Нет, спасибо",
    # After the effects: the order, its refusal, my orders (rendered by the caller)
    "order.placed": (
        "Заказ {number} на {total:money} оформлен и ждёт оплаты. "
        "Оплатить и посмотреть заказ можно по ссылке: {link}"
    ),
    "order.refused.empty_cart": "Корзина пуста — оформлять нечего.",
    "order.refused.unknown_delivery": "Этот способ доставки больше недоступен. Выберите другой.",
    "order.refused.price_changed": "Пока вы оформляли заказ, изменились цены. Проверьте корзину.",
    "order.refused.unavailable": "Часть товаров стала недоступна. Проверьте корзину.",
    "order.refused.out_of_stock": "Часть товаров только что закончилась. Проверьте корзину.",
    "order.refused.total_changed": "Сумма заказа изменилась. Проверьте корзину и итог.",
    "payment.received": "Оплата заказа {number} получена. Спасибо! Чек придёт на {contact}.",
    "payment.failed": "Оплата заказа {number} не прошла. Можно попробовать ещё раз: {link}",
    "payment.review": (
        "Мы получили оплату заказа {number} и проверяем её. Сотрудник магазина свяжется с вами."
    ),
    "refund.done": (
        "По заказу {number} оформлен возврат. "
        "Деньги вернутся тем же способом, которым вы платили, обычно за несколько дней."
    ),
    "consent.withdrawn": (
        "Вы отписались от рекламных сообщений. Чтобы вернуться, напишите «возобновить»."
    ),
    "consent.resumed": "Рекламные сообщения снова включены. Отписаться — слово «стоп».",
    "consent.granted": "Спасибо! Будем присылать напоминания и акции. Отписаться — слово «стоп».",
    "orders.none": "У вас пока нет заказов.",
    "orders.title": "Ваши последние заказы:",
    "orders.line": "{number} от {date} — {status}, {total}\n{link}",
    # A person, consent, odd messages
    "operator.requested": (
        "Позвал сотрудника магазина. Пока он не ответит, я не буду отвечать автоматически. "
        "Обычно отвечают в рабочее время. Чтобы вернуться к боту, напишите «меню»."
    ),
    "consent.question": (
        "Можно присылать вам напоминания о корзине, новинки и скидки? "
        "Не чаще нескольких раз в месяц, отписаться можно в любой момент."
    ),
    "consent.yes": "Спасибо! Будем присылать только полезное.",
    "consent.no": "Хорошо, рекламу присылать не будем.",
    "media.unsupported": "Я пока понимаю только текст, кнопки и корзину.",
    "location.unexpected": "Спасибо за геолокацию, но сейчас она мне не нужна.",
}
