"""`shop orders status` and `shop orders tracking` as a person runs them: the result in one
line (or one per row), exit 0 done, 1 refused, 2 bad input."""

from __future__ import annotations

from pathlib import Path

from shop.orders.events import Actor
from shop.orders.lifecycle import Ask, Tracking
from shop.orders.model import OrderStatus
from shop.storage.db import Database
from tests.foundation.shop_process import shop
from tests.orders.conftest import place
from tests.orders.lifecycle_rig import make_rig, paid_order, reload

S = OrderStatus
OWNER = Actor.staff("anna", "owner")
UNUSED = "http://127.0.0.1:9/yookassa/v3"  # nothing here is paid or refunded by the CLI


def run(tmp_path: Path, database_url: str, *args: str) -> tuple[int, str, str]:
    done = shop(tmp_path, "orders", *args, DATABASE_URL=database_url, YOOKASSA_API_URL=UNUSED)
    return done.returncode, done.stdout, done.stderr


async def test_status_moves_one_order_and_says_so(
    tmp_path: Path, db: Database, database_url: str
) -> None:
    order = await paid_order(make_rig(db))
    code, out, _ = run(tmp_path, database_url, "status", "a10001", "confirmed")
    assert (code, out) == (0, "A-10001: оплачен → подтверждён\n")
    code, out, _ = run(
        tmp_path,
        database_url,
        "status",
        "A-10001",
        "shipped",
        "--tracking",
        "CD1",
        "--carrier",
        "CDEK",
        "--lang",
        "en",
    )
    assert (code, out) == (0, "A-10001: confirmed → shipped\n")
    shipped = await reload(db, order.id)
    assert (shipped.tracking_number, shipped.carrier) == ("CD1", "CDEK")


async def test_an_illegal_step_is_exit_1_with_the_allowed_ones(
    tmp_path: Path, db: Database, database_url: str
) -> None:
    await paid_order(make_rig(db))
    code, out, _ = run(tmp_path, database_url, "status", "A-10001", "delivered")
    assert code == 1
    assert out == (
        "A-10001: отказано — из статуса «оплачен» так нельзя. "
        "Можно: confirmed (подтверждён), canceled (отменён)\n"
    )
    code, out, _ = run(tmp_path, database_url, "status", "A-99999", "confirmed")
    assert (code, out) == (1, "Заказа A-99999 нет.\n")


async def test_bad_input_is_exit_2(tmp_path: Path, db: Database, database_url: str) -> None:
    await paid_order(make_rig(db))
    code, _, err = run(
        tmp_path, database_url, "status", "A-10001", "shipped", "--tracking-url", "pochta.ru"
    )
    assert (code, err) == (
        2,
        "shop: tracking_url: ссылка должна начинаться с https:// или http://\n",
    )
    assert run(tmp_path, database_url, "status", "A-10001", "teleported")[0] == 2
    assert (await reload(db, 1)).status == "paid"


async def test_tracking_file_ships_row_by_row_and_reports_each(
    tmp_path: Path, db: Database, database_url: str
) -> None:
    rig = make_rig(db)
    packing = await paid_order(rig)
    shipped = await paid_order(rig, shopper=1)
    unpaid = await place(db, shopper=2)
    for order in (packing, shipped):
        for step in (S.CONFIRMED, S.ASSEMBLING):
            await rig.lifecycle.change(order.id or 0, Ask(step, OWNER))
    sent = Tracking("RA2", "Почта России")
    await rig.lifecycle.change(shipped.id or 0, Ask(S.SHIPPED, OWNER, tracking=sent))
    (tmp_path / "tracks.csv").write_text(
        "Номер заказа;Трек-номер;Служба доставки\n"
        "A-10001;RA1;Почта России\n"
        "A-10002;RA2;Почта России\n"
        "A-10003;RA3;\n"
        "A-77777;RA4;\n"
        ";RA5;\n",
        encoding="utf-8",
    )
    code, out, _ = run(tmp_path, database_url, "tracking", "tracks.csv")
    assert code == 1
    assert out.splitlines() == [
        "tracks.csv: строк 5: отправлено 1, обновлено 0, без изменений 1, отказано 3",
        "  строка 2: A-10001 — отправлен",
        "  строка 3: A-10002 — без изменений",
        "  строка 4: A-10003 — отказано: заказ в статусе «ждёт оплаты» сейчас не отправить",
        "  строка 5: A-77777 — отказано: Заказа A-77777 нет.",
        "  строка 6: — — отказано: нет номера заказа",
    ]
    assert (await reload(db, packing.id)).tracking_number == "RA1"
    assert (await reload(db, unpaid.id)).status == "awaiting_payment"
    again = run(tmp_path, database_url, "tracking", "tracks.csv")
    assert "отправлено 0, обновлено 0, без изменений 2, отказано 3" in again[1]


async def test_a_file_without_the_columns_is_exit_2(
    tmp_path: Path, db: Database, database_url: str
) -> None:
    (tmp_path / "bad.csv").write_text("order;parcel\nA-10001;RA1\n", encoding="utf-8")
    code, out, _ = run(tmp_path, database_url, "tracking", "bad.csv", "--lang", "en")
    assert code == 2
    assert out == (
        "bad.csv: the columns number and tracking are needed; carrier and url are optional\n"
    )
