"""Tracking numbers in bulk: a CSV of order number and tracking (carrier and link optional),
each row shipping its order, or updating the tracking of one already shipped.

Rows are independent: each is its own transaction through the lifecycle, so a refused row
never holds back the others, and running the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlmodel import col, select

from shop.access import audit
from shop.orders.events import Actor
from shop.orders.lifecycle import Ask, OrderLifecycle
from shop.orders.model import OrderStatus
from shop.orders.queries import number_of
from shop.orders.tables import ShopOrder
from shop.orders.tracking import BadTracking, Tracking, check_tracking

# Header words, lower-cased, a merchant's spreadsheet may use (Russian or English).
COLUMNS = {
    "number": ("number", "order", "номер", "заказ", "номер заказа"),
    "tracking": ("tracking", "tracking_number", "трек", "трек-номер", "трек номер"),
    "carrier": ("carrier", "служба", "служба доставки", "перевозчик"),
    "url": ("url", "tracking_url", "ссылка", "ссылка для отслеживания"),
}
MAX_ROWS = 10_000


class Unreadable(ValueError):
    """The file as a whole cannot be read: `key` is the reason's text."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Row:
    line: int
    number: str
    tracking: Tracking | None = None
    problem: str | None = None  # a text key


@dataclass(frozen=True)
class Outcome:
    line: int
    number: str
    result: str  # shipped, updated, unchanged, refused
    why: str | None = None  # a text key
    status: str | None = None  # the order's status, when refused by the path


@dataclass
class TrackingReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    @property
    def exit_code(self) -> int:
        return 1 if self.count("refused") else 0


def parse(data: bytes) -> list[Row]:
    """The rows of the file (UTF-8, or Windows-1251 as Excel saves it; `,` or `;`)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="replace")
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    where = {name: _column(header, words) for name, words in COLUMNS.items()}
    if where["number"] is None or where["tracking"] is None:
        raise Unreadable("cli.orders.tracking.columns")
    rows: list[Row] = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise Unreadable("cli.orders.tracking.too_many")
        rows.append(_row(line, cells, where))
    return rows


def _column(header: list[str], words: tuple[str, ...]) -> int | None:
    return next((i for i, name in enumerate(header) if name in words), None)


def _row(line: int, cells: list[str], where: dict[str, int | None]) -> Row:
    def cell(name: str) -> str | None:
        index = where[name]
        return cells[index].strip() if index is not None and index < len(cells) else None

    number = (cell("number") or "").upper()
    if not number:
        return Row(line, "", problem="cli.orders.tracking.no_number")
    try:
        tracking = check_tracking(cell("tracking"), cell("carrier"), cell("url"))
    except BadTracking as bad:
        return Row(line, number, problem=bad.key)
    if tracking is None or tracking.number is None:
        return Row(line, number, problem="cli.orders.tracking.no_tracking")
    return Row(line, number, tracking)


async def apply_tracking(
    lifecycle: OrderLifecycle, rows: list[Row], actor: Actor
) -> TrackingReport:
    report = TrackingReport()
    for row in rows:
        report.outcomes.append(await _apply(lifecycle, row, actor))
    return report


async def _apply(lifecycle: OrderLifecycle, row: Row, actor: Actor) -> Outcome:
    if row.problem is not None or row.tracking is None:
        return Outcome(row.line, row.number, "refused", row.problem)
    order_id = await order_id_of(lifecycle, row.number)
    if order_id is None:
        return Outcome(row.line, row.number, "refused", "cli.orders.unknown")
    updated = await _retrack(lifecycle, order_id, row.tracking, actor)
    if updated is not None:
        return Outcome(row.line, row.number, updated)
    changed = await lifecycle.change(order_id, Ask(OrderStatus.SHIPPED, actor, "", row.tracking))
    if changed is None or changed.decision.target is None:
        status = changed.before.value if changed and changed.before else None
        return Outcome(row.line, row.number, "refused", "cli.orders.tracking.not_now", status)
    return Outcome(row.line, row.number, "shipped")


async def _retrack(
    lifecycle: OrderLifecycle, order_id: int, tracking: Tracking, actor: Actor
) -> str | None:
    """An order already shipped takes the new tracking (`updated`), or has it (`unchanged`);
    None for an order not shipped yet."""
    async with lifecycle.db.transaction() as session:
        order = await session.get(ShopOrder, order_id, with_for_update=True)
        if order is None or order.status != OrderStatus.SHIPPED:
            return None
        given = (
            tracking.number,
            tracking.carrier or order.carrier,
            tracking.url or order.tracking_url,
        )
        if given == (order.tracking_number, order.carrier, order.tracking_url):
            return "unchanged"
        order.tracking_number, order.carrier, order.tracking_url = given
        detail = f"tracking {tracking.line()}"
        now = lifecycle.clock.now()
        await audit.record(
            session, actor.name, "order.tracking", f"order:{order.number}", detail, at=now
        )
        return "updated"


async def order_id_of(lifecycle: OrderLifecycle, number: str) -> int | None:
    """The order of a number as people type it (`a10001`, a Cyrillic `А-10001`, `#10001`)."""
    found = number_of(number)
    if found is None:
        return None
    async with lifecycle.db.sessions() as session:
        query = select(ShopOrder.id).where(col(ShopOrder.number) == found)
        return (await session.exec(query)).first()
