"""Storage: the async engine, units of work and the schema registry."""
