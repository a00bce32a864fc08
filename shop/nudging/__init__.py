"""Abandoned-cart nudges at work: claims, the scheduler, sends through the outbox, the funnel."""
