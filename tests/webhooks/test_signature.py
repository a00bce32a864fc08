"""The `X-Hub-Signature-256` check over the raw body."""

from __future__ import annotations

import hashlib
import hmac

from webhooks.intake import sign, signature_ok

SECRET = b"app-secret"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'


def test_a_signature_made_with_the_app_secret_is_accepted() -> None:
    header = "sha256=" + hmac.new(SECRET, BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY) == header
    assert signature_ok(SECRET, BODY, header)


def test_a_signature_made_with_another_secret_is_refused() -> None:
    assert not signature_ok(SECRET, BODY, sign(b"other", BODY))


def test_a_missing_or_malformed_header_is_refused() -> None:
    assert not signature_ok(SECRET, BODY, None)
    assert not signature_ok(SECRET, BODY, "")
    assert not signature_ok(SECRET, BODY, sign(SECRET, BODY).removeprefix("sha256="))
    assert not signature_ok(SECRET, BODY, "sha1=" + hashlib.sha1(BODY).hexdigest())  # noqa: S324


def test_a_tampered_body_fails_the_signature_of_the_original() -> None:
    header = sign(SECRET, BODY)
    assert not signature_ok(SECRET, BODY.replace(b"[]", b"[{}]"), header)
    assert not signature_ok(SECRET, BODY + b" ", header)
