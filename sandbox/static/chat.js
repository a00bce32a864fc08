// The sandbox chat: renders what the shop sent to the Graph fake, and plays the shopper.
"use strict";
const $ = (sel) => document.querySelector(sel);
const state = { seen: "", products: {}, catalogId: "", cart: new Map() };

function waId() { return $("#wa-id").value.replace(/\D/g, ""); }

async function send(message) {
  message.name = $("#name").value || "Покупатель";
  await fetch(`control/shoppers/${waId()}/messages`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(message),
  });
  setTimeout(refresh, 150);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function price(id) {
  const p = state.products[id];
  const raw = p && (p.sale_price || p.price);
  return raw ? parseFloat(String(raw).split(" ")[0]) : 0;
}

// The currency of the product's price ("1299.00 EUR"): the cart sends what the catalog says.
function currency(id) {
  const p = state.products[id];
  const raw = p && (p.sale_price || p.price);
  return (raw && String(raw).split(" ")[1]) || "RUB";
}

function productRow(id) {
  const p = state.products[id] || { title: id };
  const add = el("button", { type: "button", class: "add", "data-id": id, "aria-label": `Добавить ${p.title}` }, "+");
  add.addEventListener("click", () => { state.cart.set(id, (state.cart.get(id) || 0) + 1); drawTray(); });
  return el("div", { class: "product" }, el("span", {}, `${p.title} — ${p.sale_price || p.price || ""}`), add);
}

function tap(kind, reply) {
  const payload = kind === "button" ? { type: "button_reply", button_reply: reply } : { type: "list_reply", list_reply: reply };
  send({ type: "interactive", interactive: payload });
}

function interactive(body, box) {
  const i = body.interactive;
  if (i.header && i.header.text) box.append(el("div", { class: "head" }, i.header.text));
  if (i.body) box.append(document.createTextNode(i.body.text));
  if (i.footer) box.append(el("div", { class: "foot" }, i.footer.text));
  const choices = el("div", { class: "choices" });
  const action = i.action || {};
  if (i.type === "button") {
    for (const b of action.buttons) {
      const button = el("button", { type: "button", class: "reply", "data-title": b.reply.title }, b.reply.title);
      button.addEventListener("click", () => tap("button", b.reply));
      choices.append(button);
    }
  } else if (i.type === "list") {
    for (const section of action.sections) {
      for (const r of section.rows) {
        const row = el("button", { type: "button", class: "reply row", "data-title": r.title }, r.title);
        if (r.description) row.append(el("small", {}, r.description));
        row.addEventListener("click", () => tap("list", { id: r.id, title: r.title }));
        choices.append(row);
      }
    }
  } else if (i.type === "product") {
    choices.append(productRow(action.product_retailer_id));
  } else if (i.type === "product_list") {
    for (const section of action.sections) {
      choices.append(el("div", { class: "head" }, section.title));
      for (const item of section.product_items) choices.append(productRow(item.product_retailer_id));
    }
  } else if (i.type === "catalog_message") {
    for (const id of Object.keys(state.products).sort()) choices.append(productRow(id));
  } else if (i.type === "cta_url") {
    choices.append(el("a", { href: action.parameters.url, class: "cta", target: "_blank", rel: "noopener" }, action.parameters.display_text));
  }
  box.append(choices);
}

function shopBubble(body) {
  const box = el("div", { class: "bubble shop" });
  if (body.type === "text") box.append(document.createTextNode(body.text.body));
  else if (body.type === "interactive") interactive(body, box);
  else if (body.type === "location") {
    const l = body.location;
    box.append(el("div", { class: "head" }, `📍 ${l.name || "Точка на карте"}`), document.createTextNode(`${l.address || ""}\n${l.latitude}, ${l.longitude}`));
  } else if (body.type === "template") {
    const params = ((body.template.components || []).find((c) => c.type === "body") || { parameters: [] }).parameters;
    box.append(el("div", { class: "head" }, `Шаблон «${body.template.name}»`), document.createTextNode(params.map((p) => p.text).join(" · ")));
  } else if (body.type === "image" || body.type === "document") {
    const part = body[body.type];
    const label = body.type === "image" ? "📷 Фото" : `📄 ${part.filename || "Документ"}`;
    box.append(el("div", { class: "head" }, label), document.createTextNode(part.caption || ""));
  } else box.append(document.createTextNode(`[${body.type}]`));
  return box;
}

function shopperBubble(body) {
  let text = `[${body.type}]`;
  if (body.type === "text") text = body.text.body;
  else if (body.type === "interactive") text = (body.interactive.button_reply || body.interactive.list_reply).title;
  else if (body.type === "order") text = `🛒 Корзина: ${body.order.product_items.map((p) => `${p.product_retailer_id} × ${p.quantity}`).join(", ")}`;
  else if (body.type === "location") text = "📍 Геолокация";
  else if (body.type === "image") text = `📷 Фото${body.image.caption ? `: ${body.image.caption}` : ""}`;
  return el("div", { class: "bubble shopper" }, text);
}

function drawTray() {
  const lines = $("#tray-lines");
  lines.replaceChildren();
  for (const [id, qty] of state.cart) {
    const p = state.products[id] || { title: id };
    lines.append(el("div", { class: "product" }, el("span", {}, `${p.title} × ${qty}`)));
  }
  $("#tray").classList.toggle("open", state.cart.size > 0);
}

async function refresh() {
  const response = await fetch(`control/chats/${waId()}`);
  if (!response.ok) return;
  const data = await response.json();
  state.products = data.products;
  state.catalogId = data.catalog_id;
  const stamp = JSON.stringify(data.messages.map((m) => m.wamid));
  if (stamp === state.seen) return;
  state.seen = stamp;
  const list = $("#messages");
  list.replaceChildren(...data.messages.map((m) => (m.side === "shop" ? shopBubble(m.body) : shopperBubble(m.body))));
  list.scrollTop = list.scrollHeight;
}

$("#composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("#text").value.trim();
  if (!text) return;
  $("#text").value = "";
  send({ type: "text", text: { body: text } });
});
$("#location").addEventListener("click", () => {
  send({ type: "location", location: { latitude: 55.7558, longitude: 37.6173 } });
});
$("#cart-send").addEventListener("click", () => {
  const items = [...state.cart].map(([id, qty]) => ({ product_retailer_id: id, quantity: qty, item_price: price(id), currency: currency(id) }));
  state.cart.clear();
  drawTray();
  send({ type: "order", order: { catalog_id: state.catalogId, text: "", product_items: items } });
});
// A photo: stored in the Graph fake as Meta stores an upload, then sent as an image message.
async function sendPhoto(file) {
  const content = await new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",")[1]);
    reader.readAsDataURL(file);
  });
  const stored = await fetch("control/media", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mime_type: file.type, content_base64: content, filename: file.name }),
  });
  if (!stored.ok) return;
  const { id } = await stored.json();
  const caption = $("#text").value.trim();
  $("#text").value = "";
  send({ type: "image", image: { id, mime_type: file.type, ...(caption ? { caption } : {}) } });
}
$("#photo").addEventListener("click", () => $("#photo-file").click());
$("#photo-file").addEventListener("change", (event) => {
  const [file] = event.target.files;
  if (file) sendPhoto(file);
  event.target.value = "";
});
$("#wa-id").addEventListener("change", () => { state.seen = ""; refresh(); });
refresh();
setInterval(refresh, 1000);
