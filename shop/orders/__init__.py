"""Orders: tables, statuses, checkout, payments, refunds, expiry and their read models."""
