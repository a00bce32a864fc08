"""Abandoned-cart reminders: the pure policy, guard and funnel, and the scheduler that sends."""
