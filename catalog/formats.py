"""The three CSV formats: header detection and a validated row model each, mapped to Product."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from catalog import fields as f
from catalog.messages import FileProblem, Problem
from catalog.product import (
    MAX_BRAND,
    MAX_CATEGORY,
    MAX_DESCRIPTION,
    MAX_ID,
    MAX_LINK,
    MAX_TITLE,
    Availability,
    Condition,
    Product,
)


@dataclass
class RowResult:
    """One row's outcome: a product, or the problems that rejected it."""

    row: int
    product: Product | None
    problems: list[Problem] = field(default_factory=list)
    # Kept for rejected rows too, so a "full" import never hides an item over a typo.
    retailer_id: str = ""


def normalize(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().replace("ё", "е").split())


T = TypeVar("T")


class Header:
    """Column positions by normalized name; `label` gives the name as the merchant wrote it."""

    def __init__(self, cells: list[str]) -> None:
        self.labels = [cell.replace("\ufeff", "").strip() for cell in cells]
        self.index: dict[str, int] = {}
        for position, cell in enumerate(cells):
            self.index.setdefault(normalize(cell), position)
        # Excel keeps trailing empty columns; they are not part of the table.
        self.width = len(self.labels)
        while self.width and not self.labels[self.width - 1]:
            self.width -= 1

    def find(self, aliases: tuple[str, ...]) -> int | None:
        return next((self.index[a] for a in aliases if a in self.index), None)


class _Row:
    """Cell access by field for one record, collecting problems instead of stopping."""

    def __init__(
        self,
        row: int,
        cells: list[str],
        columns: dict[str, int],
        header: Header,
        absent: dict[str, str] | None = None,
    ):
        self.row, self.cells, self.columns, self.header = row, cells, columns, header
        self.absent = absent or {}  # the name to report for a column the header lacks
        self.problems: list[Problem] = []

    def get(self, name: str) -> str:
        position = self.columns.get(name)
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position]

    def label(self, name: str) -> str:
        position = self.columns.get(name)
        return self.header.labels[position] if position is not None else self.absent.get(name, name)

    def parse(self, name: str, parser: Callable[[str], T], fallback: T) -> T:
        try:
            return parser(self.get(name))
        except f.FieldError as exc:
            self.problems.append(Problem(self.row, self.label(name), exc.code, exc.params))
            return fallback


META_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title",),
    "description": ("description",),
    "price": ("price",),
    "sale_price": ("sale_price", "sale price"),
    "availability": ("availability",),
    "condition": ("condition",),
    "quantity": ("quantity_to_sell_on_facebook", "inventory", "quantity"),
    "brand": ("brand",),
    "category": ("product_type", "google_product_category", "fb_product_category"),
    "item_group_id": ("item_group_id",),
    "image_link": ("image_link",),
    "link": ("link",),
    "active": ("status",),
    "vat_code": ("vat_code", "vat"),
    "payment_subject": ("payment_subject",),
}
SPREADSHEET_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("артикул", "код", "код товара", "sku", "id", "article"),
    "title": ("название", "наименование", "name", "title", "товар", "product"),
    "description": ("описание", "description"),
    "price": ("цена", "price", "цена, руб", "цена, руб.", "цена (руб)", "стоимость"),
    "sale_price": ("цена со скидкой", "акционная цена", "скидочная цена", "sale price"),
    "availability": ("наличие", "availability"),
    "condition": ("состояние", "condition"),
    "quantity": ("остаток", "остатки", "количество", "stock", "quantity", "qty"),
    "brand": ("бренд", "производитель", "марка", "brand", "vendor"),
    "category": ("категория", "раздел", "category", "type"),
    "item_group_id": ("группа", "группа товаров", "item group", "item_group_id"),
    "image_link": ("фото", "изображение", "картинка", "фотография", "image", "photo", "image url"),
    "link": ("ссылка", "ссылка на товар", "link", "url"),
    "active": ("активен", "активный", "показывать", "опубликован", "active"),
    "vat_code": ("ндс", "ставка ндс", "vat_code", "vat"),
    "payment_subject": ("предмет расчета", "payment_subject"),
}
REQUIRED = ("id", "title", "price")


class TableFormat:
    """One row, one product: Meta's feed and the merchant's own spreadsheet."""

    def __init__(
        self, name: str, header: Header, aliases: dict[str, tuple[str, ...]], currency: str = "RUB"
    ):
        self.name, self.header, self.currency = name, header, currency
        self.columns = {
            key: pos for key, names in aliases.items() if (pos := header.find(names)) is not None
        }
        self.absent = {key: names[0] for key, names in aliases.items() if key not in self.columns}
        for key in REQUIRED:
            if key not in self.columns:
                raise FileProblem(Problem(1, "", "missing_column", {"value": aliases[key][0]}))

    def feed(self, row: int, cells: list[str]) -> Iterator[RowResult]:
        r = _Row(row, cells, self.columns, self.header, self.absent)
        currency = self.currency
        price = r.parse("price", lambda v: f.price(v, currency), None)
        quantity = r.parse("quantity", f.quantity, None)
        active = r.parse("active", f.flag, True)
        product = Product(
            retailer_id=r.parse("id", lambda v: f.text(v, MAX_ID, required=True), ""),
            title=r.parse("title", lambda v: f.text(v, MAX_TITLE, required=True), ""),
            description=r.parse("description", lambda v: f.text(v, MAX_DESCRIPTION), ""),
            price=price or f.price("1", currency),
            sale_price=r.parse("sale_price", lambda v: f.sale_price(v, price, currency), None),
            availability=r.parse(
                "availability", lambda v: f.availability(v, quantity), Availability.IN_STOCK
            ),
            condition=r.parse("condition", f.condition, Condition.NEW),
            quantity=quantity,
            brand=r.parse("brand", lambda v: f.text(v, MAX_BRAND), ""),
            category=r.parse("category", lambda v: f.text(v, MAX_CATEGORY), ""),
            item_group_id=r.parse("item_group_id", lambda v: f.text(v, MAX_ID), ""),
            image_link=r.parse("image_link", lambda v: f.image(v, MAX_LINK, shown=active), ""),
            link=r.parse("link", lambda v: f.url(v, MAX_LINK), ""),
            active=active,
            vat_code=r.parse("vat_code", f.vat_code, None),
            payment_subject=r.parse("payment_subject", f.payment_subject, None),
        )
        yield RowResult(row, None if r.problems else product, r.problems, r.get("id").strip())

    def finish(self) -> Iterator[RowResult]:
        return iter(())
