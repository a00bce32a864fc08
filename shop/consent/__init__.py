"""Marketing consent: the append-only history, opt-out rules, and the offline import."""
