"""Accounting: reconciliation of YooKassa payments, fees and refunds against orders."""
