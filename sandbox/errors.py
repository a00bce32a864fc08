"""Meta's error catalogue: codes, titles, HTTP statuses and the two error shapes."""

from __future__ import annotations

import secrets
from typing import Any

ERROR_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"

# Titles as Meta's error-code page words them.
TITLES: dict[int, str] = {
    0: "AuthException",
    1: "API Unknown",
    2: "API Service",
    3: "API Method",
    4: "Too many calls",
    10: "Permission Denied",
    100: "Invalid parameter",
    190: "Access token has expired",
    200: "Permission Denied",
    368: "Temporarily blocked for policies violations",
    80007: "Rate limit issues",
    130429: "Rate limit hit",
    130472: "User's number is part of an experiment",
    131000: "Something went wrong",
    131005: "Access denied",
    131008: "Required parameter is missing",
    131009: "Parameter value is not valid",
    131016: "Service unavailable",
    131021: "Recipient cannot be sender",
    131026: "Message Undeliverable",
    131030: "Recipient phone number not in allowed list",
    131031: "Account has been locked",
    131042: "Business eligibility payment issue",
    131045: "Incorrect certificate",
    131047: "Re-engagement message",
    131048: "Spam rate limit hit",
    131049: "This message was not delivered to maintain healthy ecosystem engagement.",
    131050: "Unable to deliver the message. This recipient has chosen to stop receiving "
    "marketing messages on WhatsApp from your business.",
    131051: "Unsupported message type",
    131052: "Media download error",
    131053: "Media upload error",
    131056: "(Business Account, Consumer Account) pair rate limit hit",
    131057: "Account in maintenance mode",
    131064: "Rate limit hit for this template",
    132000: "Number of parameters does not match the expected number of params",
    132001: "Template name does not exist in the translation",
    132005: "Translated text too long",
    132007: "Template Format Character Policy Violated",
    132008: "Template Parameter Format Mismatch",
    132012: "Parameter format does not match format in the created template",
    132015: "Template is Paused",
    132016: "Template is Disabled",
    133016: "Account register deregister rate limit exceeded",
    135000: "Generic user error",
}

DETAILS: dict[int, str] = {
    131047: "Message failed to send because more than 24 hours have passed since the "
    "customer last replied to this number.",
    131050: "The recipient has chosen to stop receiving marketing messages from this business.",
    130429: "Cloud API message throughput has been reached.",
    131056: "Too many messages sent from the sender phone number to the same recipient "
    "phone number in a short period of time.",
}

_THROTTLING = {4, 80007, 130429, 131056, 133016}
_AUTH = {0, 190}
_SERVER = {1, 2, 3, 131000, 131016}


def title_of(code: int) -> str:
    return TITLES.get(code, "Unknown error")


def http_status_of(code: int) -> int:
    """The HTTP status Meta answers with a code (partly documented; the rest is our choice)."""
    if code in _THROTTLING:
        return 429
    if code in _AUTH:
        return 401
    if code == 10 or 200 <= code <= 299:
        return 403
    if code == 131016:
        return 503
    if code in _SERVER:
        return 500
    return 400


class GraphError(Exception):
    """A synchronous Graph API error; `details` goes into `error_data.details`."""

    def __init__(self, code: int, details: str | None = None) -> None:
        super().__init__(f"({code}) {details or title_of(code)}")
        self.code = code
        self.details = details or DETAILS.get(code) or title_of(code)

    @property
    def http_status(self) -> int:
        return http_status_of(self.code)

    def body(self) -> dict[str, Any]:
        return sync_error_body(self.code, self.details)


def sync_error_body(code: int, details: str | None = None) -> dict[str, Any]:
    """The synchronous shape: `{"error": {message, type, code, error_data, fbtrace_id}}`."""
    return {
        "error": {
            "message": f"(#{code}) {title_of(code)}",
            "type": "OAuthException",
            "code": code,
            "error_data": {
                "messaging_product": "whatsapp",
                "details": details or DETAILS.get(code) or title_of(code),
            },
            "fbtrace_id": "A" + secrets.token_urlsafe(16),
        }
    }


def async_error(code: int, details: str | None = None) -> dict[str, Any]:
    """The asynchronous shape used inside a `failed` status or `value.errors[]`."""
    return {
        "code": code,
        "title": title_of(code),
        "message": title_of(code),
        "error_data": {"details": details or DETAILS.get(code) or title_of(code)},
        "href": ERROR_HREF,
    }
