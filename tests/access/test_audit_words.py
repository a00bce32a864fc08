"""The audit page reads stored codes as words: an order's or a staff member's subject with its
link, an order's statuses, a settings change by its fields' labels; the unknown as stored."""

from __future__ import annotations

from shop.web.admin.audit_words import Subject, detail, subject


def test_subjects_are_words_with_a_link_to_what_changed() -> None:
    assert subject("order:A-10001") == Subject("Заказ A-10001", "/admin/orders?q=A-10001")
    assert subject("user:vera") == Subject("Сотрудник vera", "/admin/users")
    assert subject("settings:reminders") == Subject(
        "Настройки: Настройки напоминаний", "/admin/settings/reminders"
    )
    assert subject("something:else") == Subject("something:else")


def test_an_order_status_change_names_the_statuses_in_words() -> None:
    shown = detail("order.status", "order:A-10001", "paid → confirmed звонок")
    assert shown == "Оплачен → Подтверждён звонок"


def test_a_settings_change_names_its_fields_by_their_labels() -> None:
    shown = detail("settings", "settings:reminders", "cap_30d: 4 → 2, steps")
    assert shown == "Не больше сообщений за 30 дней: 4 → 2, Шаги"


def test_a_settings_document_change_lists_only_the_changed_fields() -> None:
    stored = (
        '{"currency":"RUB","english_offered":true} → {"currency":"RUB","english_offered":false}'
    )
    shown = detail("settings", "settings:languages", stored)
    assert shown == "Предлагать английский: да → нет"


def test_a_refund_detail_is_kept_as_written() -> None:
    assert detail("refund", "order:A-10001", "1 350,00 ₽ брак") == "1 350,00 ₽ брак"
