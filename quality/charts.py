"""Charts drawn on the server as SVG (issue 18.2): no JavaScript, nothing the CSP forbids, nothing said by colour.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`, which gives every number
in words; the page puts the same numbers beside it as a table. Only presentation attributes (fill, stroke,
font-size): no `style` attribute and no `<style>` element, which the site's CSP (style-src 'self') would block.
Shapes and text are drawn in `currentColor`, so they take the page's text colour (dark mode and forced colours
too); every bar carries its number as a direct label, and where two series meet the second is hatched and named
in a legend. Sizes come from the viewBox alone: the stylesheet makes the chart as wide as its column.
"""

import html
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT_SIZE = 15
LABEL_LIMIT = 32  # characters of a name beside a bar; the table beside the chart has the whole name


@dataclass(frozen=True)
class Bar:
    label: str  # under or beside the bar
    value: float
    text: str  # the value as written, e.g. "1 234" or "85,7 %"
    long_label: str = ""  # in the description, when the label is short ("jan" for "januari 2026")
    year: int | None = None  # columns of months: the year is written under the first and under each January


@dataclass(frozen=True)
class Pair:
    label: str
    first: float
    second: float
    first_text: str
    second_text: str


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


def _text(value: object) -> str:
    """A text for the SVG, escaped as format_html's conditional_escape does. The charts are written with f-strings
    and this, not format_html: a page's few hundred shapes each escaped their numbers too, which cost more than
    drawing them (docs/decisions/0034). Numbers go in through _number, which writes digits and a point only."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _svg(chart_id: str, title: str, desc: str, width: float, height: float, body: str) -> SafeString:
    cid = _text(chart_id)
    return mark_safe(  # noqa: S308 (every text is escaped by _text; the body by its builder)
        f'<svg class="chart" role="img" aria-labelledby="{cid}-title" aria-describedby="{cid}-desc" '
        f'viewBox="0 0 {_number(width)} {_number(height)}" xmlns="http://www.w3.org/2000/svg" focusable="false">'
        f'<title id="{cid}-title">{_text(title)}</title><desc id="{cid}-desc">{_text(desc)}</desc>{body}</svg>'
    )


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _describe(items: Iterable[str]) -> str:
    return "; ".join(items) + "."


def column_chart(*, chart_id: str, title: str, bars: list[Bar]) -> SafeString:
    """Vertical bars side by side (counts per month), each with its number above and its name below."""
    slot, bar_width, plot, top, bottom, side = 44.0, 30.0, 180.0, 24.0, 44.0, 8.0
    width = side * 2 + slot * max(len(bars), 1)
    height = top + plot + bottom
    highest = max((bar.value for bar in bars), default=0) or 1
    parts = []
    for index, bar in enumerate(bars):
        x = side + index * slot + (slot - bar_width) / 2
        size = plot * bar.value / highest
        y = top + plot - size
        middle = _number(x + bar_width / 2)
        parts.append(
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(bar_width)}" height="{_number(size)}" '
            'fill="currentColor"/>'
            f'<text x="{middle}" y="{_number(y - 6)}" text-anchor="middle" font-size="{FONT_SIZE}" '
            f'fill="currentColor">{_text(bar.text)}</text>'
            f'<text x="{middle}" y="{_number(top + plot + 18)}" text-anchor="middle" font-size="{FONT_SIZE}" '
            f'fill="currentColor">{_text(bar.label)}</text>'
        )
        if bar.year is not None and (index == 0 or bars[index - 1].year != bar.year):
            parts.append(
                f'<text x="{middle}" y="{_number(top + plot + 36)}" text-anchor="middle" font-size="{FONT_SIZE}" '
                f'fill="currentColor">{_text(bar.year)}</text>'
            )
    parts.append(
        f'<line x1="{_number(side)}" y1="{_number(top + plot)}" x2="{_number(width - side)}" '
        f'y2="{_number(top + plot)}" stroke="currentColor" stroke-width="1"/>'
    )
    desc = _describe(f"{bar.long_label or bar.label}: {bar.text}" for bar in bars)
    return _svg(chart_id, title, desc, width, height, "".join(parts))


def bar_chart(*, chart_id: str, title: str, bars: list[Bar], maximum: float | None = None) -> SafeString:
    """Horizontal bars, one per row, with the name before and the number after each (categories, steps)."""
    names, plot, values, row, bar_height, top = 290.0, 320.0, 90.0, 30.0, 18.0, 8.0
    width = names + plot + values
    height = top * 2 + row * max(len(bars), 1)
    highest = maximum or max((bar.value for bar in bars), default=0) or 1
    parts = []
    for index, bar in enumerate(bars):
        y = top + index * row
        size = plot * min(bar.value, highest) / highest
        baseline = _number(y + bar_height - 4)
        parts.append(
            f'<text x="{_number(names - 8)}" y="{baseline}" text-anchor="end" font-size="{FONT_SIZE}" '
            f'fill="currentColor">{_text(_shorten(bar.label))}</text>'
            f'<rect x="{_number(names)}" y="{_number(y)}" width="{_number(size)}" height="{_number(bar_height)}" '
            'fill="currentColor"/>'
            f'<text x="{_number(names + size + 6)}" y="{baseline}" font-size="{FONT_SIZE}" '
            f'fill="currentColor">{_text(bar.text)}</text>'
        )
    parts.append(
        f'<line x1="{_number(names)}" y1="{_number(top - 4)}" x2="{_number(names)}" y2="{_number(height - top + 4)}" '
        'stroke="currentColor" stroke-width="1"/>'
    )
    desc = _describe(f"{bar.label}: {bar.text}" for bar in bars)
    return _svg(chart_id, title, desc, width, height, "".join(parts))


def paired_bar_chart(*, chart_id: str, title: str, series: tuple[str, str], rows: list[Pair]) -> SafeString:
    """Two horizontal bars per row (a unit now and in its past): the first solid, the second hatched, each with
    its number after it, and a legend naming both at the top."""
    names, plot, values, bar_height, gap, legend = 290.0, 320.0, 90.0, 14.0, 16.0, 30.0
    row = bar_height * 2 + 4 + gap
    width = names + plot + values
    height = legend + row * max(len(rows), 1)
    highest = max((max(r.first, r.second) for r in rows), default=0) or 1
    hatch = _text(f"{chart_id}-hatch")
    parts = [
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" '
        'stroke-width="2"/></pattern></defs>'
        '<rect x="0" y="4" width="16" height="14" fill="currentColor"/>'
        f'<text x="22" y="16" font-size="{FONT_SIZE}" fill="currentColor">{_text(series[0])}</text>'
        f'<rect x="{_number(names + 40)}" y="4" width="16" height="14" fill="url(#{hatch})" stroke="currentColor" '
        'stroke-width="1"/>'
        f'<text x="{_number(names + 62)}" y="16" font-size="{FONT_SIZE}" fill="currentColor">{_text(series[1])}</text>'
    ]
    name_x, height_text = _number(names - 8), _number(bar_height)
    for index, pair in enumerate(rows):
        y = legend + index * row
        first = plot * pair.first / highest
        second = plot * pair.second / highest
        parts.append(
            f'<text x="{name_x}" y="{_number(y + bar_height + 4)}" text-anchor="end" font-size="{FONT_SIZE}" '
            f'fill="currentColor">{_text(_shorten(pair.label))}</text>'
            f'<rect x="{_number(names)}" y="{_number(y)}" width="{_number(first)}" height="{height_text}" '
            'fill="currentColor"/>'
            f'<text x="{_number(names + first + 6)}" y="{_number(y + bar_height - 2)}" font-size="{FONT_SIZE}" '
            f'fill="currentColor">{_text(pair.first_text)}</text>'
            f'<rect x="{_number(names)}" y="{_number(y + bar_height + 4)}" width="{_number(second)}" '
            f'height="{height_text}" fill="url(#{hatch})" stroke="currentColor" stroke-width="1"/>'
            f'<text x="{_number(names + second + 6)}" y="{_number(y + bar_height * 2 + 2)}" font-size="{FONT_SIZE}" '
            f'fill="currentColor">{_text(pair.second_text)}</text>'
        )
    described = _("%(name)s: %(first)s %(first_series)s, %(second)s %(second_series)s")
    desc = _describe(
        described
        % {
            "name": pair.label,
            "first": pair.first_text,
            "first_series": series[0].lower(),
            "second": pair.second_text,
            "second_series": series[1].lower(),
        }
        for pair in rows
    )
    return _svg(chart_id, title, desc, width, height, "".join(parts))
