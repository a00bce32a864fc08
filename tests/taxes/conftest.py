"""The taxes tests use the merchant frame's fixtures (the real app, with and without a token)
and the order tests' fake YooKassa over HTTP."""

from tests.orders.conftest import fake, gateway
from tests.web.conftest import client, open_client

__all__ = ["client", "fake", "gateway", "open_client"]
