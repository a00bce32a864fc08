"""Delivery: the options and pickup points the merchant offers."""
