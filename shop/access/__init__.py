"""Who may use the merchant pages: server-side sessions and the login throttle."""
