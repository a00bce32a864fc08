"""Texts of a return's photos: the chat's invitation and the staff's order page."""

from __future__ import annotations

RU: dict[str, str] = {
    "return_photos.invite": "Если есть фото товара, пришлите их сюда — мы приложим их к заявке.",
    "return_photos.page.title": "Фото от покупателя",
    "return_photos.page.none": "Покупатель пока не прислал фото.",
    "return_photos.page.alt": "Фото к возврату",
}

EN: dict[str, str] = {
    "return_photos.invite": (
        "If you have photos of the item, please send them here and we will add them to the request."
    ),
    "return_photos.page.title": "Photos from the shopper",
    "return_photos.page.none": "The shopper has not sent any photos yet.",
    "return_photos.page.alt": "Return photo",
}
