"""The merchant's home dashboard: today's and the week's figures, and red banners for what is
broken, each with its fix. Queries in `queries.py`, pure assembly in `figures.py`, the banner
rules in `banners.py` (a registry other features add their rules to)."""
