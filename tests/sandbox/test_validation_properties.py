"""Any body, however odd, gets a Meta-shaped answer: accepted or a GraphError, never a crash."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.errors import TITLES, GraphError
from sandbox.template_send import resolve_template
from sandbox.templates import TemplateRegistry, seed_templates
from sandbox.validation import Outgoing, validate_body

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.sampled_from(["", "0", "1", "²", "whatsapp", "text", "button", "reply", "ru", "x" * 30]),
    st.text(max_size=8),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = [
    "messaging_product",
    "to",
    "type",
    "text",
    "body",
    "interactive",
    "template",
    "action",
    "buttons",
    "sections",
    "rows",
    "header",
    "footer",
    "name",
    "language",
    "code",
    "components",
    "parameters",
    "index",
    "sub_type",
    "status",
    "message_id",
    "reply",
    "id",
    "title",
    "catalog_id",
    "product_items",
    "product_retailer_id",
    "context",
]
shaped = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=25,
)


def _answer(body: Any) -> None:
    """Validation either passes or raises a GraphError with a known code and Meta's shape."""
    registry = TemplateRegistry(seed_templates())
    refused: GraphError | None = None
    try:
        parsed = validate_body(body)
        if isinstance(parsed, Outgoing) and parsed.kind == "template":
            resolve_template(registry, body["template"])
    except GraphError as error:
        refused = error
    if refused is not None:
        assert refused.code in TITLES
        assert refused.body()["error"]["code"] == refused.code


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, shaped))
def test_random_bodies_never_crash_validation(body: Any) -> None:
    _answer(body)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shaped, st.sampled_from(["text", "interactive", "template"]))
def test_random_payloads_under_a_valid_envelope_never_crash(payload: Any, kind: str) -> None:
    _answer({"messaging_product": "whatsapp", "to": "79001234567", "type": kind, kind: payload})


@settings(max_examples=300, deadline=None)
@given(st.lists(shaped, max_size=4), st.sampled_from(["cart_reminder", "order_link"]))
def test_random_template_components_never_crash(components: Any, name: str) -> None:
    _answer(
        {
            "messaging_product": "whatsapp",
            "to": "79001234567",
            "type": "template",
            "template": {"name": name, "language": {"code": "ru"}, "components": components},
        }
    )


button_components = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["button", "BUTTON", "body", "header"]),
        "sub_type": st.one_of(st.sampled_from(["url", "quick_reply", "flow"]), json_values),
        "index": st.one_of(
            st.sampled_from(["0", "1", "2", "²", "-1", "99", ""]), st.integers(-2, 3), json_values
        ),
        "parameters": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "type": st.sampled_from(["text", "payload", "image", "currency"]),
                        "text": json_values,
                        "payload": json_values,
                    }
                ),
                max_size=3,
            ),
            json_values,
        ),
    }
)


@settings(max_examples=400, deadline=None)
@given(st.lists(button_components, max_size=4), st.sampled_from(["cart_reminder", "order_link"]))
def test_random_button_components_never_crash(components: Any, name: str) -> None:
    _answer(
        {
            "messaging_product": "whatsapp",
            "to": "79001234567",
            "type": "template",
            "template": {"name": name, "language": {"code": "ru"}, "components": components},
        }
    )
