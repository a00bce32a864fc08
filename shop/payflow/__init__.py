"""Order payments: attempts with persisted idempotence keys, notifications, refunds."""
