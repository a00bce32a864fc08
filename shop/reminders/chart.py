"""Tiny server-side SVG charts for the funnel and revenue per day: no JavaScript, no library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from html import escape

from shop.reminders.funnel import Tally
from shop.texts import locale_of, t

WIDTH = 640
GAP = 8
PLOT_HEIGHT = 200
_STYLE = "font-family:sans-serif;font-size:12px"
# The funnel's rows: a line of words at the page's own size, then the bar under it.
FUNNEL_FONT = 14  # px on the screen, whatever its width
LINE = 20
BAR = 12
ROW = LINE + BAR + 10


def _svg(
    width: int | str, height: int, title: str, desc: str, body: list[str], key: str, style: str
) -> str:
    """A chart with its title and description for screen readers. A numeric width is a
    drawing that scales to the card (viewBox); "100%" is one at the page's own scale."""
    view = f'viewBox="0 0 {width} {height}" ' if isinstance(width, int) else ""
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'{view}role="img" '
            f'aria-labelledby="{key}-title {key}-desc" style="{style}">',
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
    """One row per stage: its name, count and share of sent as words, and a bar under them as
    wide as the share. Drawn at the page's own scale (no viewBox, bars in percent of the
    width) so that on a 390 px phone the words are as large as on a desktop: a fixed drawing
    shrunk to a phone's width made them 6 px."""
    locale = locale_of(lang)
    stages = tally.stages()
    labels = {name: t(f"reminders.stage.{name}", locale) for name, _ in stages}
    body = []
    for row, (name, count) in enumerate(stages):
        said = f"{labels[name]}: {count} ({_share(count, tally.sent, locale)})"
        width = _length(count, tally.sent, 100)
        y = row * ROW
        body += [
            f'<g class="stage" data-stage="{name}">',
            f"<title>{escape(said)}</title>",
            f'<text x="0" y="{y + LINE - 6}">{escape(said)}</text>',
            f'<rect x="0" y="{y + LINE}" width="{width}{"%" if width != "0" else ""}" '
            f'height="{BAR}" fill="#2e7d32"/>',
            "</g>",
        ]
    desc = "; ".join(f"{labels[n]}: {c}" for n, c in stages)
    style = f"font-family:sans-serif;font-size:{FUNNEL_FONT}px"
    return _svg("100%", len(stages) * ROW, title, desc, body, "funnel", style)


def _share(count: int, sent: int, locale: str) -> str:
    """`20,0 %` of sent (a decimal comma in Russian), or a dash when nothing was sent."""
    if not sent:
        return "—"
    share = f"{Decimal(count) * 100 / sent:.1f}"
    return f"{share.replace('.', ',') if locale == 'ru' else share}\u00a0%"


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
    tall = PLOT_HEIGHT + 2 * GAP + 16
    return _svg(WIDTH, tall, title, desc, [*body, axis], "revenue", _STYLE)
