"""Shopping: chats' conversation state, carts per chat, orders and checkout storage."""
