"""54-FZ taxes and receipts: the merchant's tax settings, the codes in words, the receipt's
inputs for a payment, settlement receipts at hand-over, and orders paid on delivery."""
