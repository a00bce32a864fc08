"""Texts of the transcript's media: a file being fetched, kept, refused or lost."""

from __future__ import annotations

RU: dict[str, str] = {
    "desk.media.open": "Открыть файл",
    "desk.media.bytes": "{n} байт",
    "desk.media.kb": "{n} КБ",
    "desk.media.mb": "{n} МБ",
    "desk.media.pending": "файл загружается",
    "desk.media.retry": "файл не удалось загрузить, попробуем ещё раз",
    "desk.media.refused.size": "файл не принят: больше допустимого размера",
    "desk.media.refused.type": "файл не принят: такой тип файлов не разрешён",
    "desk.media.failed.gone": "файл недоступен: Meta его больше не отдаёт",
    "desk.media.failed.unavailable": "файл не удалось загрузить",
    "desk.media.attach": "Фото или документ",
    "desk.media.caption": "Подпись",
    "desk.media.send": "Отправить файл",
    "desk.media.help": (
        "JPEG или PNG до 5 МБ, документ (PDF, Word, Excel, PowerPoint, текст) до 100 МБ."
    ),
    "desk.media.out.media_missing": "Выберите файл.",
    "desk.media.out.media_type": (
        "Такой файл отправить нельзя: подходят JPEG, PNG и документы PDF, Word, Excel, "
        "PowerPoint, текст."
    ),
    "desk.media.out.media_size": "Файл слишком большой: фото до 5 МБ, документ до 100 МБ.",
    "desk.media.out.media_upload": "Meta не приняла файл, попробуйте ещё раз.",
    "desk.media.out.window_closed": (
        "Окно 24 часа закрыто: файл отправить нельзя, сначала отправьте шаблон."
    ),
    "desk.media.out.private_group": "Это чат закрытой группы: его видят только её участники.",
    "desk.media.out.not_found": "Такого чата нет.",
    "desk.media.out.failed": "Файл не отправлен: {reason}",
}

EN: dict[str, str] = {
    "desk.media.open": "Open the file",
    "desk.media.bytes": "{n} bytes",
    "desk.media.kb": "{n} KB",
    "desk.media.mb": "{n} MB",
    "desk.media.pending": "the file is being fetched",
    "desk.media.retry": "the file could not be fetched yet; it will be tried again",
    "desk.media.refused.size": "file refused: larger than allowed",
    "desk.media.refused.type": "file refused: this type of file is not allowed",
    "desk.media.failed.gone": "file unavailable: Meta no longer gives it",
    "desk.media.failed.unavailable": "the file could not be fetched",
    "desk.media.attach": "Photo or document",
    "desk.media.caption": "Caption",
    "desk.media.send": "Send the file",
    "desk.media.help": (
        "JPEG or PNG up to 5 MB, a document (PDF, Word, Excel, PowerPoint, text) up to 100 MB."
    ),
    "desk.media.out.media_missing": "Choose a file.",
    "desk.media.out.media_type": (
        "This file cannot be sent: JPEG, PNG and PDF, Word, Excel, PowerPoint or text "
        "documents can."
    ),
    "desk.media.out.media_size": "The file is too big: photos up to 5 MB, documents up to 100 MB.",
    "desk.media.out.media_upload": "Meta did not take the file; try again.",
    "desk.media.out.window_closed": (
        "The 24-hour window is closed: a file cannot be sent; send a template first."
    ),
    "desk.media.out.private_group": (
        "This chat belongs to a private group: only its members see it."
    ),
    "desk.media.out.not_found": "No such chat.",
    "desk.media.out.failed": "The file was not sent: {reason}",
}
