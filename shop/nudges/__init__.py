"""Abandoned-cart nudges: pure policy, consent, channel guard, funnel and configuration."""
