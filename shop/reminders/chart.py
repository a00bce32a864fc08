"""Tiny server-side SVG charts for the funnel and revenue per day: no JavaScript, no library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from html import escape

from shop.reminders.funnel import Tally
from shop.texts import locale_of, t

WIDTH = 640
BAR = 28
GAP = 8
LABEL_WIDTH = 160
PLOT_HEIGHT = 200
_STYLE = "font-family:sans-serif;font-size:12px"


def _svg(width: int, height: int, title: str, desc: str, body: list[str], key: str) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{key}-title {key}-desc" style="{_STYLE}">',
            f'<title id="{key}-title">{escape(title)}</title>',
            f'<desc id="{key}-desc">{escape(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _length(value: Decimal | int, top: Decimal | int, full: int) -> str:
    """Bar length in pixels, one decimal; a non-zero value always shows at least a sliver."""
    if not top or not value:
        return "0"
    length = max(Decimal(value) * full / Decimal(top), Decimal("1"))
    return f"{length:.1f}"


def funnel_svg(tally: Tally, *, title: str, lang: str = "ru") -> str:
    """Horizontal bars, one per stage, each labelled with its count and share of sent."""
    stages = tally.stages()
    labels = {name: t(f"reminders.stage.{name}", locale_of(lang)) for name, _ in stages}
    plot = WIDTH - LABEL_WIDTH - 80
    body = []
    for row, (name, count) in enumerate(stages):
        label = labels[name]
        share = f"{Decimal(count) * 100 / tally.sent:.1f} %" if tally.sent else "—"
        y = GAP + row * (BAR + GAP)
        width = _length(count, tally.sent, plot)
        body += [
            f'<g class="stage" data-stage="{name}">',
            f"<title>{escape(label)}: {count} ({share})</title>",
            f'<text x="0" y="{y + BAR / 2 + 4:.0f}">{escape(label)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}" fill="#2e7d32"/>',
            f'<text x="{LABEL_WIDTH + 6}" y="{y + BAR / 2 + 4:.0f}" fill="#000">{count}</text>',
            "</g>",
        ]
    height = GAP + len(stages) * (BAR + GAP)
    desc = "; ".join(f"{labels[n]}: {c}" for n, c in stages)
    return _svg(WIDTH, height, title, desc, body, "funnel")


def revenue_svg(
    points: Sequence[tuple[date, Decimal]],
    *,
    title: str,
    currency: str = "₽",
    lang: str = "ru",
    money: Callable[[Decimal], str] | None = None,
) -> str:
    """Vertical bars of recovered revenue per day; amounts printed exactly in the tooltips,
    by `money` when the page gives it how money is written there (`1 299,90 ₽`)."""
    shown = money or (lambda amount: f"{amount:.2f} {currency}")
    top = max((amount for _, amount in points), default=Decimal(0))
    slot = (WIDTH - 2 * GAP) / max(len(points), 1)
    body = []
    for n, (day, amount) in enumerate(points):
        height = _length(amount, top, PLOT_HEIGHT)
        x = GAP + n * slot
        y = GAP + PLOT_HEIGHT - float(height)
        body += [
            f'<g class="day" data-day="{day.isoformat()}">',
            f"<title>{day:%d.%m.%Y}: {escape(shown(amount))}</title>",
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(slot - 2, 1):.1f}" height="{height}" '
            'fill="#1565c0"/>',
            "</g>",
        ]
    total = sum((amount for _, amount in points), Decimal(0))
    desc = t(
        "reminders.chart.revenue",
        locale_of(lang),
        days=len(points),
        total=shown(total),
        top=shown(top),
    )
    base = GAP + PLOT_HEIGHT
    axis = f'<line x1="{GAP}" y1="{base}" x2="{WIDTH - GAP}" y2="{base}" stroke="#555"/>'
    return _svg(WIDTH, PLOT_HEIGHT + 2 * GAP + 16, title, desc, [*body, axis], "revenue")
