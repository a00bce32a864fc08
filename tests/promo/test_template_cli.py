"""`shop templates submit` as a person runs it against the running sandbox: one line per
template and language, exit 0; again, nothing is sent twice; an unreachable account is 2."""

from __future__ import annotations

from pathlib import Path

from shop.whatsapp.template_book import BOOK
from tests.foundation.shop_process import free_port, shop
from tests.foundation.test_commands import sandbox  # noqa: F401 - the running `shop serve`


def test_submit_sends_what_the_sandbox_lacks_once(sandbox: str, tmp_path: Path) -> None:  # noqa: F811
    first = shop(tmp_path, "templates", "submit", "--lang", "en")
    assert first.returncode == 0, first.stdout + first.stderr
    lines = first.stdout.splitlines()
    assert len(lines) == 2 * len(BOOK)
    assert "order_update (en): submitted for review, status PENDING" in lines
    assert "order_update (ru): already in the account, status APPROVED" in lines
    assert first.stderr == ""
    again = shop(tmp_path, "templates", "submit")
    assert again.returncode == 0
    assert "order_update (en): уже есть в аккаунте, статус PENDING" in again.stdout.splitlines()
    assert "отправлен на проверку" not in again.stdout


def test_an_unreachable_account_is_one_line_and_exit_2(tmp_path: Path) -> None:
    strong = "0123456789abcdef0123"
    result = shop(
        tmp_path,
        "templates",
        "submit",
        WHATSAPP_ACCESS_TOKEN="production-token-0000",
        WHATSAPP_GRAPH_URL=f"http://127.0.0.1:{free_port()}",
        WHATSAPP_PHONE_NUMBER_ID="1",
        WHATSAPP_BUSINESS_ACCOUNT_ID="2",
        WHATSAPP_APP_SECRET=strong,
        WHATSAPP_VERIFY_TOKEN=strong,
        ADMIN_TOKEN=strong,
        YOOKASSA_SHOP_ID="123456",
        YOOKASSA_SECRET_KEY="live_" + strong,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/shop.db",
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("Шаблоны аккаунта недоступны:")
    assert len(result.stderr.strip().splitlines()) == 1
