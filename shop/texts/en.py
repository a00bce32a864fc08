"""English texts for shoppers."""

from __future__ import annotations

EN: dict[str, str] = {
    # Menu
    "welcome.body": (
        "Hello! I can help you choose products and place an order right here in WhatsApp.\n"
        "Open the menu and pick where to start."
    ),
    "welcome.short": "Here is what I can do — open the menu.",
    "welcome.unknown": "I did not quite get that and found nothing for it.",
    "welcome.stale": "That button no longer works. Let us start from the menu.",
    "menu.button": "Menu",
    "menu.catalog": "Catalog",
    "menu.catalog.hint": "Products by category",
    "menu.showcase": "WhatsApp showcase",
    "menu.showcase.hint": "The whole catalog with photos",
    "menu.search": "Search",
    "menu.search.hint": "Find a product by name",
    "menu.cart": "Cart",
    "menu.cart.hint": "{n} {n:plural:item|items}",
    "menu.orders": "My orders",
    "menu.orders.hint": "Status and payment links",
    "menu.operator": "Talk to a person",
    "menu.operator.hint": "A shop assistant will answer",
    "menu.news": "News and offers",
    "menu.news.hint": "Subscribe or unsubscribe",
    # The row and the offer that switch a chat's language show the other language's texts:
    # "language.name" and "language.switch" are looked up in the language being offered.
    "language.name": "English",
    "language.switch": "Switch to English",
    "language.offer": "It looks like you write in English. Shall we continue in English?",
    "language.chosen": "Sure, let us continue in English.",
    "list.next": "Next →",
    "list.page": "Page {n}",
    "list.first": "← Back to start",
    # Catalog
    "catalog.empty": "The catalog is empty for now. Come back a bit later or talk to a person.",
    "catalog.choose": "Choose a category.",
    "catalog.button": "Categories",
    "catalog.count": "{n} {n:plural:item|items}",
    "catalog.category_empty": "There is nothing in stock in this category right now.",
    "catalog.products": (
        "{n} {n:plural:item|items}, page {page} of {pages}. "
        "Open the list, add products to the cart and send it to me."
    ),
    "catalog.after_list": "What next?",
    "catalog.after_list_more": "There are more products in this category.",
    "catalog.showcase": "The shop's whole catalog. Add products to the cart and send it to me.",
    "products.other": "Other",
    # Product
    "product.card": "{title}\nPrice: {price}",
    "product.interest": (
        "You are asking about “{title}” ({price}). "
        "I can add it to your cart, and a shop assistant will answer your question."
    ),
    "product.unavailable": "This product is not in stock right now.",
    "product.sold_out": "“{title}” is sold out right now.",
    "product.similar": "Here are similar products in stock.",
    "product.similar_header": "Similar products",
    "product.no_similar": "Nothing similar is in stock yet. Have a look at the catalog.",
    # Search
    "search.prompt": "Type what you are looking for: a name, brand or category.",
    "search.header": "Search: {query}",
    "search.body": "Found {n} {n:plural:product|products}.",
    "search.one": "One product matches “{query}”.",
    "search.after": "Type another query or choose an action.",
    "search.nothing": "Nothing matches “{query}”.",
    "search.maybe": "One of these categories may suit you.",
    "search.button": "Options",
    "search.all_categories": "All categories",
    "search.ask_person": "A shop assistant will help",
    # Cart
    "cart.received": "I got your cart.",
    "cart.empty": "Your cart is empty.",
    "cart.title": "Your cart has {n} {n:plural:item|items}:",
    "cart.line": "{n}. {title} — {qty} × {price} = {total}",
    "cart.total": "Total: {total}",
    "cart.next": "Total {total}. Check out?",
    "cart.added": (
        "Added “{title}” ({n} in the cart). {count} {count:plural:item|items} for {total} in all."
    ),
    "cart.at_limit": "No more “{title}” can be added: the cart already has {n}.",
    "cart.updated": "Quantity changed: “{title}”.",
    "cart.removed": "Removed “{title}” from the cart.",
    "cart.cleared": "The cart is empty now.",
    "cart.no_line": "That product is no longer in the cart.",
    "cart.edit": "Choose a product to change its quantity or remove it.",
    "cart.edit_button": "Products",
    "cart.row": "{n} pcs",
    "cart.clear_row": "Empty the cart",
    "cart.line_edit": "“{title}”: {n} pcs. Or type the quantity you want as a number.",
    "fix.intro": "I checked your cart against the shop's catalog:",
    "fix.unknown": "there is no product {sku} in the catalog — removed it from the cart",
    "fix.unavailable": "“{title}” cannot be ordered now — removed it from the cart",
    "fix.sold_out": "“{title}” is sold out — removed it from the cart",
    "fix.stock": "only {n} of “{title}” left — set it to {n}",
    "fix.limit": "“{title}”: at most {n} per order — set it to {n}",
    "fix.price": "“{title}” costs {new}, not {old}",
    # The shop's built-in delivery options (a merchant's own keep the merchant's titles)
    "delivery.pickup": "Pickup",
    "delivery.courier": "Courier",
    "delivery.agreed": "Delivery as agreed",
    # Checkout
    "checkout.recheck": "Please check the cart and tap “Check out” again.",
    "checkout.no_delivery": (
        "The shop has not set up delivery yet. Talk to a person — they will help with the order."
    ),
    "checkout.delivery": "How should we deliver the order?",
    "checkout.option": "• {title} — {price}",
    "checkout.free": "free",
    "checkout.delivery_button": "Delivery",
    "checkout.pickup": "Choose a pickup point.",
    "checkout.pickup_button": "Points",
    "checkout.address": (
        "Type the delivery address (city, street, building, flat) "
        "or send a location with the paperclip."
    ),
    "checkout.address_short": "That address is too short. Type the city, street and building.",
    "checkout.pin": "Pin on the map: {lat}, {lon}",
    "checkout.contact": "Where should we send the receipt? To this WhatsApp number or by e-mail.",
    "checkout.email": "Type the e-mail address for the receipt.",
    "checkout.email_bad": "That does not look like an e-mail. Type one like name@example.com.",
    "checkout.whatsapp_number": "this WhatsApp number",
    "checkout.summary": (
        "Your order:\n{lines}\n\nDelivery: {delivery} — {delivery_price}\n{where}\n"
        "Receipt: {contact}\n\nTo pay: {total}"
    ),
    "checkout.confirm": "Is everything right?",
    "checkout.placing": (
        "Thank you! I am placing the order and reserving the products. "
        "The order number and a payment link follow in a moment."
    ),
    "checkout.cancelled": "Checkout cancelled; your cart is kept.",
    "failure.apology": (
        "Sorry, we could not process your message. Please try again or open the menu."
    ),
    # Buttons (≤20 characters)
    "button.add": "Add to cart",
    "button.cart": "Cart",
    "button.catalog": "Catalog",
    "button.categories": "Categories",
    "button.menu": "Menu",
    "button.next": "More products",
    "button.more": "More results",
    "button.search": "Search",
    "button.checkout": "Check out",
    "button.edit": "Edit",
    "button.plus": "+1",
    "button.minus": "−1",
    "button.remove": "Remove",
    "button.operator": "Talk to a person",
    "button.phone": "To WhatsApp number",
    "button.email": "By e-mail",
    "button.confirm": "Confirm",
    "button.change": "Change delivery",
    "button.cancel": "Cancel",
    "button.yes": "Yes, please",
    "button.open_order": "Open the order",
    "button.no": "No, thanks",
    # After the effects: the order, its refusal, my orders (rendered by the caller)
    "order.placed": (
        "Order {number} for {total:money} is placed and awaits payment. "
        "Pay and see the order here: {link}"
    ),
    "order.refused.empty_cart": "The cart is empty — there is nothing to order.",
    "order.refused.unknown_delivery": "This delivery option is no longer offered. Choose another.",
    "order.refused.price_changed": "Prices changed while you were checking out. Check the cart.",
    "order.refused.unavailable": "Some products became unavailable. Check the cart.",
    "order.refused.out_of_stock": "Some products have just sold out. Check the cart.",
    "order.refused.total_changed": "The order total changed. Check the cart and the total.",
    "payment.received": (
        "Payment for order {number} is received. Thank you! The receipt goes to {contact}."
    ),
    "payment.failed": "Payment for order {number} did not go through. You can try again: {link}",
    "payment.review": (
        "We received a payment for order {number} and are checking it. The shop will contact you."
    ),
    "refund.done": (
        "A refund for order {number} is on its way. "
        "The money returns the way you paid, usually within a few days."
    ),
    "consent.withdrawn": "You have unsubscribed from promotions. To come back, reply “resume”.",
    "consent.resumed": "Promotions are back on. To stop them, reply “stop”.",
    "consent.granted": "Thank you! We will send reminders and offers. To stop them, reply “stop”.",
    "orders.none": "You have no orders yet.",
    "orders.title": "Your recent orders:",
    "orders.line": "{number} of {date} — {status}, {total}\n{link}",
    # A person, consent, odd messages
    "operator.requested": (
        "I have called a shop assistant. Until they answer, I will not reply automatically. "
        "They usually answer during working hours. To get back to the bot, type “menu”."
    ),
    "consent.question": (
        "May we send you cart reminders, new arrivals and offers? "
        "A few times a month at most; you can unsubscribe at any time."
    ),
    "consent.yes": "Thank you! We will send only useful things.",
    "consent.no": "All right, no promotional messages.",
    "media.unsupported": "For now I understand only text, buttons and carts.",
    "location.unexpected": "Thanks for the location, but I do not need it right now.",
}
