"""What the merchant reads about a rejected row or an unreadable file, in Russian and English."""

from __future__ import annotations

from dataclasses import dataclass, field

_MESSAGES: dict[str, tuple[str, str]] = {
    "required": (
        "Колонка «{column}» не заполнена",
        "Column '{column}' is empty",
    ),
    "too_long": (
        "Слишком длинное значение: {length} символов, можно не больше {limit}",
        "Too long: {length} characters, at most {limit} allowed",
    ),
    "price_format": (
        "Не удалось прочитать цену «{value}»: пишите, например, 1299.00, 1 299,00 или 1299 RUB",
        "Cannot read the price '{value}': write it like 1299.00, 1 299,00 or 1299 RUB",
    ),
    "price_currency": (
        "Неизвестная валюта в цене «{value}»: укажите код вроде RUB или знак ₽",
        "Unknown currency in the price '{value}': use a code such as RUB or the sign ₽",
    ),
    "price_positive": (
        "Цена должна быть больше нуля, а указано «{value}»",
        "The price must be above zero, got '{value}'",
    ),
    "price_too_large": (
        "Слишком большая цена «{value}»: не больше 9 999 999 999,99",
        "The price '{value}' is too large: at most 9,999,999,999.99",
    ),
    "price_other_currency": (
        "Колонка «{column}»: цена «{value}» не в валюте магазина ({currency}). Укажите цену "
        "в {currency} или смените валюту магазина (настройка SHOP_CURRENCY)",
        "Column '{column}': the price '{value}' is not in the shop's currency ({currency}). "
        "Give the price in {currency} or change the shop's currency (setting SHOP_CURRENCY)",
    ),
    "image_required": (
        "Колонка «{column}» не заполнена: WhatsApp показывает товар только с фото. Укажите "
        "ссылку на изображение (http:// или https://) или сделайте товар неактивным",
        "Column '{column}' is empty: WhatsApp shows a product only with a picture. Give a "
        "link to its image (http:// or https://) or make the product inactive",
    ),
    "sale_not_lower": (
        "Цена со скидкой ({value}) должна быть меньше обычной цены ({price})",
        "The sale price ({value}) must be lower than the price ({price})",
    ),
    "currency_mismatch": (
        "Цена со скидкой в другой валюте ({value}), чем обычная цена ({price})",
        "The sale price is in another currency ({value}) than the price ({price})",
    ),
    "availability": (
        "Непонятное наличие «{value}»: напишите «в наличии», «нет в наличии», «под заказ» "
        "или in stock, out of stock, preorder",
        "Unknown availability '{value}': use in stock, out of stock, preorder, "
        "available for order or discontinued",
    ),
    "condition": (
        "Непонятное состояние «{value}»: напишите «новый», «б/у» или «восстановленный»",
        "Unknown condition '{value}': use new, used or refurbished",
    ),
    "quantity": (
        "Остаток должен быть целым числом от 0, а указано «{value}»",
        "The stock quantity must be a whole number from 0, got '{value}'",
    ),
    "url": (
        "Ссылка должна начинаться с http:// или https://, а указано «{value}»",
        "The link must start with http:// or https://, got '{value}'",
    ),
    "vat_code": (
        "Непонятная ставка НДС «{value}»: напишите код ЮKassa от 1 до 12 или ставку: "
        "«без НДС», «22%», «10%», «5%», «7%», «22/122»",
        "Unknown VAT '{value}': write YooKassa's code 1 to 12 or the rate: "
        "none, 22%, 10%, 5%, 7%, 22/122",
    ),
    "payment_subject": (
        "Непонятный предмет расчёта «{value}»: напишите «товар», «услуга», «работа» "
        "или код ЮKassa, например commodity",
        "Unknown payment subject '{value}': write YooKassa's code, e.g. commodity or service",
    ),
    "flag": (
        "Непонятное значение «{value}»: напишите «да» или «нет»",
        "Unclear value '{value}': write yes or no",
    ),
    "duplicate": (
        "Артикул «{value}» уже встречался в строке {first_row}; эта строка пропущена",
        "The id '{value}' already appeared in row {first_row}; this row is skipped",
    ),
    "extra_values": (
        "В строке {count} значений, а в заголовке только {columns} колонок",
        "The row has {count} values but the header has only {columns} columns",
    ),
    "missing_values": (
        "В строке только {count} значений, а в заголовке {columns} колонок",
        "The row has only {count} values but the header has {columns} columns",
    ),
    "empty_file": (
        "Файл пустой: в нём нет ни заголовка, ни товаров",
        "The file is empty: there is no header and no products",
    ),
    "binary": (
        "Это не CSV-файл (внутри двоичные данные). Сохраните таблицу как CSV",
        "This is not a CSV file (it holds binary data). Save the spreadsheet as CSV",
    ),
    "utf16": (
        "Файл в кодировке UTF-16. Сохраните его как «CSV UTF-8» или «CSV (разделители — запятые)»",
        "The file is UTF-16 encoded. Save it as 'CSV UTF-8' or 'CSV (comma delimited)'",
    ),
    "undecodable": (
        "Не удалось прочитать текст в строке {row}: файл не в UTF-8 и не в Windows-1251",
        "Cannot read the text in row {row}: the file is neither UTF-8 nor Windows-1251",
    ),
    "unknown_format": (
        "Не узнали формат по заголовку «{value}». Нужны колонки фида Meta (id, title, price…), "
        "выгрузки Shopify (Handle, Title, Variant Price…) или таблицы "
        "(Артикул; Название; Цена…)",
        "Unknown format of the header '{value}'. Expected Meta feed columns (id, title, "
        "price…), a Shopify export (Handle, Title, Variant Price…) or a spreadsheet "
        "(SKU; Name; Price…)",
    ),
    "missing_column": (
        "В заголовке нет обязательной колонки «{value}»",
        "The header lacks the required column '{value}'",
    ),
    "field_too_large": (
        "В строке {row} слишком большое значение (больше {limit} символов) — файл повреждён?",
        "Row {row} holds a value larger than {limit} characters: is the file damaged?",
    ),
    "broken_csv": (
        "Строка {row} не читается как CSV: {value}",
        "Row {row} cannot be read as CSV: {value}",
    ),
    "not_applied": (
        "Ничего не изменено: в файле есть ошибки. Исправьте их или импортируйте только "
        "верные строки",
        "Nothing was changed: the file has errors. Fix them or import only the valid rows",
    ),
}

_SHOWN = 60


def _short(value: object) -> object:
    if isinstance(value, str) and len(value) > _SHOWN:
        return value[: _SHOWN - 1] + "…"
    return value


@dataclass(frozen=True)
class Problem:
    """A rejected row (or the whole file when `row` is 0): where, and which reason."""

    row: int
    column: str
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def _render(self, index: int) -> str:
        values = {key: _short(value) for key, value in self.params.items()}
        return _MESSAGES[self.code][index].format(column=self.column, row=self.row, **values)

    @property
    def ru(self) -> str:
        return self._render(0)

    @property
    def en(self) -> str:
        return self._render(1)

    def as_json(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "message": self.ru,
            "message_en": self.en,
        }


def text(code: str, lang: str = "ru", **params: object) -> str:
    """A message outside any row, e.g. the `not_applied` notice."""
    return Problem(0, "", code, params).ru if lang == "ru" else Problem(0, "", code, params).en


class FileProblem(Exception):
    """The file as a whole cannot be read: one clear message, exit code 2."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.en)
        self.problem = problem
