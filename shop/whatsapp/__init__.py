"""WhatsApp: inbound inbox worker, outbox sender with its pacing, templates, the 24-hour window."""
