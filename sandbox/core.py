"""The sandbox's parts in one object, stored on the app under `SANDBOX`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from sandbox.config import SandboxConfig
from sandbox.delivery import DeliveryQueue
from sandbox.faults import Faults
from sandbox.state import Behaviour, SandboxState
from sandbox.templates import TemplateRegistry, seed_templates


@dataclass
class Sandbox:
    config: SandboxConfig
    state: SandboxState
    templates: TemplateRegistry
    faults: Faults
    delivery: DeliveryQueue
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, config: SandboxConfig) -> Sandbox:
        state = SandboxState(Behaviour(messages_per_second=float(config.messages_per_second)))
        return cls(
            config=config,
            state=state,
            templates=TemplateRegistry(seed_templates()),
            faults=Faults(),
            delivery=DeliveryQueue(config, lambda: state.behaviour, state.roll),
        )

    def timestamp(self) -> int:
        return int(self.state.clock.timestamp())


SANDBOX = web.AppKey("sandbox", Sandbox)


async def json_object(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what is wrong."""
    try:
        body = await request.json()
    except ValueError as exc:
        raise bad_request("body must be JSON") from exc
    if not isinstance(body, dict):
        raise bad_request("body must be a JSON object")
    return body


def bad_request(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(
        text=json.dumps({"error": message}, ensure_ascii=False), content_type="application/json"
    )
