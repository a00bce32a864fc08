"""The shop's profile: its name, legal details and contacts, as shoppers see them."""
