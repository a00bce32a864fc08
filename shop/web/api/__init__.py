"""The merchant API under `/api`: bearer auth, a route registry and its OpenAPI document."""
