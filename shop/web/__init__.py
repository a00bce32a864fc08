"""Web layer: routes, pages and the merchant API."""
