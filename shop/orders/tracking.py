"""Where a shipped parcel is: the carrier, its tracking number and link, checked as given."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tracking:
    number: str | None = None
    carrier: str | None = None
    url: str | None = None

    def line(self) -> str:
        return " ".join(part for part in (self.carrier, self.number, self.url) if part)


class BadTracking(ValueError):
    """A tracking field that cannot be stored: `field` names it, `key` is the reason's text."""

    def __init__(self, field: str, key: str) -> None:
        super().__init__(f"{field}: {key}")
        self.field, self.key = field, key


_LIMITS = {"tracking_number": 64, "carrier": 64, "tracking_url": 500}


def check_tracking(number: str | None, carrier: str | None, url: str | None) -> Tracking | None:
    """The tracking as given (trimmed), or BadTracking; None when nothing was given."""
    given = {"tracking_number": number, "carrier": carrier, "tracking_url": url}
    cleaned = {k: (v or "").strip() or None for k, v in given.items()}
    for name, value in cleaned.items():
        if value is not None and len(value) > _LIMITS[name]:
            raise BadTracking(name, "lifecycle.bad.too_long")
    link = cleaned["tracking_url"]
    if link is not None and not link.startswith(("https://", "http://")):
        raise BadTracking("tracking_url", "lifecycle.bad.url")
    if not any(cleaned.values()):
        return None
    return Tracking(cleaned["tracking_number"], cleaned["carrier"], link)
