"""`shop doctor` as a person runs it: against the running sandbox every check passes; against
a deliberately broken production configuration each fails with its fix, and the exit is 1."""

from __future__ import annotations

from pathlib import Path

from tests.foundation.shop_process import shop
from tests.foundation.test_commands import sandbox  # noqa: F401 - the running `shop serve`

STRONG = "0123456789abcdef0123"


def test_against_the_sandbox_every_check_passes(sandbox: str, tmp_path: Path) -> None:  # noqa: F811
    result = shop(tmp_path, "doctor", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert all(line.startswith("OK   ") for line in lines[:-1]), result.stdout
    assert len(lines) == 15  # the book's order link, order news and survey among them
    assert f"OK   Public address {sandbox}: sandbox, HTTPS not needed" in lines
    assert "OK   Template order_link (ru) approved" in lines
    assert lines[-1] == "Everything is ready."
    assert result.stderr == ""


def test_a_broken_configuration_fails_each_check_with_its_fix(
    sandbox: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    base = f"{sandbox}/sandbox"
    result = shop(
        tmp_path,
        "doctor",
        WHATSAPP_ACCESS_TOKEN="production-token-0000",
        WHATSAPP_GRAPH_URL=f"{base}/graph",
        WHATSAPP_PHONE_NUMBER_ID="999",
        WHATSAPP_APP_SECRET=STRONG,
        WHATSAPP_VERIFY_TOKEN=STRONG,
        ADMIN_TOKEN=STRONG,
        YOOKASSA_API_URL=f"{base}/yookassa/v3",
        YOOKASSA_SHOP_ID="100500",
        YOOKASSA_SECRET_KEY="not-the-sandbox-key-0",
        YOOKASSA_TRUSTED_NETWORKS="0.0.0.0/0",
        PUBLIC_BASE_URL="http://shop.example.ru",
    )
    assert result.returncode == 1, result.stderr
    failed = [line for line in result.stdout.splitlines() if line.startswith("НЕТ")]
    assert all(" — что сделать: " in line for line in failed)
    text = result.stdout
    for found in (
        "Публичный адрес http://shop.example.ru не HTTPS",
        "Номер WHATSAPP_PHONE_NUMBER_ID=999 недоступен: HTTP 400, code 100",
        "WHATSAPP_BUSINESS_ACCOUNT_ID не задан",
        "От Meta не пришло ни одного вебхука",
        "WHATSAPP_CATALOG_ID не задан",
        "ЮKassa не принимает ключи магазина 100500: HTTP 401",
        "TRUSTED_PROXIES пуст: за обратным прокси уведомления ЮKassa будут отклонены",
        "Доставка не настроена",
    ):
        assert f"НЕТ  {found}" in text, text
    assert text.splitlines()[-1] == f"Не пройдено проверок: {len(failed)}."
