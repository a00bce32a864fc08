"""Typed application keys for the shared resources of the web app."""

from __future__ import annotations

from aiohttp import web

from shop.compose import Services
from shop.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
SERVICES = web.AppKey("services", Services)
