"""docs/GO-LIVE.md lists the templates exactly as the book defines them."""

from __future__ import annotations

from pathlib import Path

from shop.whatsapp.template_doc import END, START, markdown

GO_LIVE = Path(__file__).resolve().parents[2] / "docs" / "GO-LIVE.md"


def test_go_live_lists_the_books_templates_as_generated() -> None:
    text = GO_LIVE.read_text(encoding="utf-8")
    block = text[text.index(START) : text.index(END) + len(END)]
    assert block == markdown(), "run python -m shop.whatsapp.template_doc and paste its output"


def test_the_list_names_every_text_and_button_of_the_book() -> None:
    block = markdown()
    assert "`Новости по заказу № {{1}}: {{2}}. Подробности — по кнопке.`" in block
    assert "URL `https://YOUR-DOMAIN/o/{{1}}`" in block
    assert block.count("QUICK_REPLY `5`") == 2  # the survey's last answer, in both languages
