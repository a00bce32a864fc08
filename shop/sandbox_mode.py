"""Sandbox mode: point our clients at the built-in fakes and use well-known test secrets."""

from __future__ import annotations

from pydantic import SecretStr

from shop.settings import Settings

SANDBOX_APP_SECRET = "sandbox-app-secret"
SANDBOX_VERIFY_TOKEN = "sandbox-verify-token"
SANDBOX_PHONE_NUMBER_ID = "100000000000001"
SANDBOX_BUSINESS_ACCOUNT_ID = "200000000000001"
SANDBOX_CATALOG_ID = "300000000000001"
SANDBOX_YOOKASSA_SHOP_ID = "100500"
SANDBOX_YOOKASSA_SECRET = "sandbox_secret_key"


def with_sandbox_endpoints(settings: Settings, base_url: str) -> Settings:
    """Settings for a sandbox run whose fakes are mounted under `base_url`/sandbox."""
    if not settings.sandbox:
        raise ValueError("sandbox endpoints are only for sandbox mode")
    fields = Settings.model_fields

    def unless_set(name: str, sandboxed: str) -> str:
        """An address the operator set explicitly wins over the built-in fake's."""
        current = str(getattr(settings, name))
        return sandboxed if current == fields[name].default else current

    return settings.model_copy(
        update={
            "public_base_url": unless_set("public_base_url", base_url),
            "whatsapp_graph_url": unless_set("whatsapp_graph_url", f"{base_url}/sandbox/graph"),
            "yookassa_api_url": unless_set("yookassa_api_url", f"{base_url}/sandbox/yookassa/v3"),
            "whatsapp_app_secret": settings.whatsapp_app_secret or SecretStr(SANDBOX_APP_SECRET),
            "whatsapp_verify_token": settings.whatsapp_verify_token
            or SecretStr(SANDBOX_VERIFY_TOKEN),
            "whatsapp_phone_number_id": settings.whatsapp_phone_number_id
            or SANDBOX_PHONE_NUMBER_ID,
            "whatsapp_business_account_id": settings.whatsapp_business_account_id
            or SANDBOX_BUSINESS_ACCOUNT_ID,
            "whatsapp_catalog_id": settings.whatsapp_catalog_id or SANDBOX_CATALOG_ID,
            "yookassa_shop_id": settings.yookassa_shop_id or SANDBOX_YOOKASSA_SHOP_ID,
            "yookassa_secret_key": settings.yookassa_secret_key
            or SecretStr(SANDBOX_YOOKASSA_SECRET),
        }
    )
