"""How the desk pages word a transcript line and an inbox row (pure, for the templates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shop.desk.groups import Groups
from shop.desk.inbox import InboxRow, Line
from shop.desk.moves import APP
from shop.desk.states import DeskState
from shop.texts import CATALOGUE, t


@dataclass(frozen=True)
class Shown:
    """A transcript line as the page shows it."""

    side: str  # in, out, echo, note, event
    who: str
    text: str
    detail: str  # what kind of message, a cart's items, a place
    tick: str | None  # the outbound message's delivery, in words
    failed: str | None  # Meta's reason when it failed
    at: datetime
    media: MediaShown | None = None


@dataclass(frozen=True)
class MediaShown:
    """A file of either direction: its link once kept (an image as a thumbnail, another file
    as a chip with its name and size), else what became of it."""

    url: str | None
    image: bool
    note: str
    name: str = ""  # a document's file name, for its chip
    size: str = ""  # «12 КБ»
    ext: str = ""  # «PDF»: the chip's badge


def file_ext(name: str) -> str:
    """`schet.pdf` → `PDF` (at most four letters), else empty."""
    _, dot, ext = name.rpartition(".")
    return ext.upper() if dot and ext.isalnum() and len(ext) <= 4 else ""


def file_size(size: object) -> str:
    """Bytes in the merchant's units: «800 байт», «12 КБ», «3,4 МБ»."""
    if not isinstance(size, int) or size < 0:
        return ""
    if size < 1024:
        return t("desk.media.bytes", n=size)
    if size < 1024 * 1024:
        return t("desk.media.kb", n=round(size / 1024))
    return t("desk.media.mb", n=f"{size / (1024 * 1024):.1f}".replace(".", ","))


def group_title(groups: Groups, key: str | None) -> str:
    group = groups.get(key)
    return group.title if group is not None else (key or "—")


def _who(line: Line) -> str:
    if line.direction == "in":
        return t("desk.who.shopper")
    if line.direction == "echo" or line.author == APP:
        return t("desk.who.app")
    if line.direction == "note":
        return f"{t('desk.who.note')} · {line.author or ''}"
    return line.author or t("desk.who.bot")


def _choices(body: dict[str, object] | None) -> str:
    """An outbound message's buttons, list rows or products, as the shopper saw them."""
    part = (body or {}).get("interactive")
    if not isinstance(part, dict):
        return ""
    action = part.get("action") or {}
    titles = [b["reply"]["title"] for b in action.get("buttons", ()) if "reply" in b]
    for section in action.get("sections", ()):
        titles += [row["title"] for row in section.get("rows", ())]
        titles += [item["product_retailer_id"] for item in section.get("product_items", ())]
    if action.get("product_retailer_id"):
        titles.append(action["product_retailer_id"])
    return " · ".join(f"[{title}]" for title in titles)


def _detail(line: Line) -> str:
    if line.direction == "out":
        return _choices(line.body)
    if line.kind in ("button", "list", "order", "location", "template"):
        detail = t(f"desk.kind.{line.kind}")
    elif "media_id" in line.data:
        detail = t("desk.kind.media") + f" ({line.data.get('mime_type') or '?'})"
    else:
        detail = ""
    items = line.data.get("items")
    if items:
        goods = ", ".join(f"{i['retailer_id']} × {i['quantity']} ({i['price']})" for i in items)
        detail = f"{detail}: {goods}"
    if "lat" in line.data:
        detail = f"{detail}: {line.data['lat']}, {line.data['lon']}"
    return detail


def reason_words(data: dict[str, object]) -> str:
    """Why the bot handed over, in words; a product question names its product."""
    reason = str(data.get("reason") or "asked")
    words = t(f"desk.reason.{reason}") if f"desk.reason.{reason}" in CATALOGUE["ru"] else reason
    product = data.get("product")
    return t("desk.reason.about", reason=words, product=product) if product else words


def _event(line: Line, groups: Groups) -> str:
    key = f"desk.event.{line.kind}"
    if key not in CATALOGUE["ru"]:
        return line.kind  # an event of a later release: its name rather than an error
    return t(
        key,
        reason=reason_words(line.data),
        who=_assignee(line.data.get("assignee")),
        group=group_title(groups, line.data.get("group")),
        removed=str(line.data.get("removed") or "—"),
    )


def _assignee(name: object) -> str:
    return t("desk.app") if name == APP else str(name or "—")


def media_of(line: Line) -> MediaShown | None:
    data = line.data
    if line.direction not in ("in", "out") or "media_id" not in data:
        return None
    state = data.get("media_state")
    if state == "stored":
        image = str(data.get("media_type", "")).startswith("image/")
        name = str(data.get("filename") or data.get("media_file") or "")
        size = file_size(data.get("media_size"))
        url, note = f"/admin/media/{line.id}", t("desk.media.open")
        return MediaShown(url, image, note, name, size, file_ext(name))
    if state in ("refused", "failed"):
        return MediaShown(None, False, t(f"desk.media.{state}.{data.get('media_reason')}"))
    return MediaShown(None, False, t(f"desk.media.{'retry' if state else 'pending'}"))


def shown(line: Line, groups: Groups) -> Shown:
    tick = failed = None
    if line.direction == "out":
        tick = t(f"desk.tick.{line.delivery or 'queued'}")
        if line.delivery == "failed":
            failed = f"{line.error_code or ''} {line.error_title or ''}".strip() or None
    text = _event(line, groups) if line.direction == "event" else line.text
    if line.direction == "out" and line.kind == "template" and line.body:
        text = f"{t('desk.kind.template')} «{line.body['template']['name']}»"
    return Shown(
        line.direction, _who(line), text, _detail(line), tick, failed, line.at, media_of(line)
    )


@dataclass(frozen=True)
class Listed:
    row: InboxRow
    state: str  # in words
    group: str
    assignee: str
    waiting: str  # minutes waited, when waiting
    overdue: bool  # past the group's SLA goal without a first answer


def listed(row: InboxRow, groups: Groups, now: datetime) -> Listed:
    waiting, overdue = "", False
    since = row.waiting_since
    if since is not None and row.state in (DeskState.WAITING, DeskState.ASSIGNED):
        waited = now - (since if since.tzinfo else since.replace(tzinfo=now.tzinfo))
        waiting = t("desk.minutes", minutes=max(int(waited / timedelta(minutes=1)), 0))
        group = groups.get(row.group)
        goal = timedelta(seconds=group.sla_seconds if group else 60)
        overdue = row.first_response_at is None and waited > goal
    return Listed(
        row=row,
        state=t(f"desk.state.{row.state}"),
        group=group_title(groups, row.group) if row.group else "—",
        assignee=_assignee(row.assignee) if row.assignee else "—",
        waiting=waiting,
        overdue=overdue,
    )
