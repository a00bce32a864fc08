"""Every webhook the sandbox sends parses with the intake's envelope models."""

from __future__ import annotations

from typing import Any

from tests.sandbox.conftest import control, flush, send, text_message
from tests.sandbox.test_shoppers import INBOUND
from webhooks.whatsapp_models import (
    Envelope,
    MessagesValue,
    TemplateStatusUpdate,
    UserPreferencesValue,
)

TO = "79001234567"
MODELS: dict[str, Any] = {
    "messages": MessagesValue,
    "user_preferences": UserPreferencesValue,
    "message_template_status_update": TemplateStatusUpdate,
}


async def test_all_sandbox_webhooks_parse_with_the_intake_models(
    sandbox: Any, receiver: Any
) -> None:
    for _, body in INBOUND:
        await control(sandbox, "POST", f"shoppers/{TO}/messages", body)
    await control(sandbox, "POST", "config", {"duplicate_ratio": 1.0, "reorder_ratio": 1.0})
    assert (await send(sandbox, text_message(to=TO)))[0] == 200
    assert (await send(sandbox, text_message(to="79009999999")))[0] == 200
    await control(sandbox, "POST", f"shoppers/{TO}/preferences", {"value": "stop"})
    await control(sandbox, "POST", "templates/order_link/ru/status", {"status": "PAUSED"})
    await flush(sandbox)
    fields = []
    for payload in receiver.accepted:
        envelope = Envelope.model_validate(payload)
        for entry in envelope.entry:
            for change in entry.changes:
                MODELS[change.field].model_validate(change.value)
                fields.append(change.field)
    assert set(fields) == set(MODELS)
    values = [MessagesValue.model_validate(v) for v in receiver.values()]
    inbound = [m for v in values for m in v.messages]
    assert [m.type for m in inbound] == [body["type"] for _, body in INBOUND]
    statuses = [s for v in values for s in v.statuses]
    assert {s.status for s in statuses} == {"sent", "delivered", "read", "failed"}
    [failed] = [s for s in statuses if s.status == "failed"]
    assert failed.errors is not None
    assert failed.errors[0].code == 131047
