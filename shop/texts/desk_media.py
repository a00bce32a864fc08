"""Texts of the transcript's media: a file being fetched, kept, refused or lost."""

from __future__ import annotations

RU: dict[str, str] = {
    "desk.media.open": "Открыть файл",
    "desk.media.pending": "файл загружается",
    "desk.media.retry": "файл не удалось загрузить, попробуем ещё раз",
    "desk.media.refused.size": "файл не принят: больше допустимого размера",
    "desk.media.refused.type": "файл не принят: такой тип файлов не разрешён",
    "desk.media.failed.gone": "файл недоступен: Meta его больше не отдаёт",
    "desk.media.failed.unavailable": "файл не удалось загрузить",
}

EN: dict[str, str] = {
    "desk.media.open": "Open the file",
    "desk.media.pending": "the file is being fetched",
    "desk.media.retry": "the file could not be fetched yet; it will be tried again",
    "desk.media.refused.size": "file refused: larger than allowed",
    "desk.media.refused.type": "file refused: this type of file is not allowed",
    "desk.media.failed.gone": "file unavailable: Meta no longer gives it",
    "desk.media.failed.unavailable": "the file could not be fetched",
}
