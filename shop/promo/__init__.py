"""Promo codes: the merchant's codes and the reminders' one-time codes, checked and redeemed."""
