"""The merchant frame's fixtures, for the promo API and pages."""

from tests.web.conftest import client

__all__ = ["client"]
