"""Charts drawn on the server as SVG (issue 18.2): no JavaScript, nothing the CSP forbids, nothing said by colour.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`, which gives every number
in words; the page puts the same numbers beside it as a table. Only presentation attributes (fill, stroke,
font-size): no `style` attribute and no `<style>` element, which the site's CSP (style-src 'self') would block.
Shapes and text are drawn in `currentColor`, so they take the page's text colour (dark mode and forced colours
too); every bar carries its number as a direct label, and where two series meet the second is hatched and named
in a legend. Sizes come from the viewBox alone: the stylesheet makes the chart as wide as its column.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import format_html
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


def _svg(chart_id: str, title: str, desc: str, width: float, height: float, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{0}-title" aria-describedby="{0}-desc" viewBox="0 0 {1} {2}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        chart_id,
        _number(width),
        _number(height),
        title,
        desc,
        body,
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
        middle = x + bar_width / 2
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="currentColor"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="currentColor">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="currentColor">{}</text>',
                _number(x),
                _number(y),
                _number(bar_width),
                _number(size),
                _number(middle),
                _number(y - 6),
                FONT_SIZE,
                bar.text,
                _number(middle),
                _number(top + plot + 18),
                FONT_SIZE,
                bar.label,
            )
        )
        if bar.year is not None and (index == 0 or bars[index - 1].year != bar.year):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="currentColor">{}</text>',
                    _number(middle),
                    _number(top + plot + 36),
                    FONT_SIZE,
                    bar.year,
                )
            )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-width="1"/>',
            _number(side),
            _number(top + plot),
            _number(width - side),
            _number(top + plot),
        )
    )
    desc = _describe(f"{bar.long_label or bar.label}: {bar.text}" for bar in bars)
    return _svg(chart_id, title, desc, width, height, mark_safe("".join(parts)))  # noqa: S308 (escaped above)


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
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="{}" fill="currentColor">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="currentColor"/>'
                '<text x="{}" y="{}" font-size="{}" fill="currentColor">{}</text>',
                _number(names - 8),
                _number(y + bar_height - 4),
                FONT_SIZE,
                _shorten(bar.label),
                _number(names),
                _number(y),
                _number(size),
                _number(bar_height),
                _number(names + size + 6),
                _number(y + bar_height - 4),
                FONT_SIZE,
                bar.text,
            )
        )
    parts.append(
        format_html(
            '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="currentColor" stroke-width="1"/>',
            _number(names),
            _number(top - 4),
            _number(height - top + 4),
        )
    )
    desc = _describe(f"{bar.label}: {bar.text}" for bar in bars)
    return _svg(chart_id, title, desc, width, height, mark_safe("".join(parts)))  # noqa: S308 (escaped above)


def paired_bar_chart(*, chart_id: str, title: str, series: tuple[str, str], rows: list[Pair]) -> SafeString:
    """Two horizontal bars per row (a unit now and in its past): the first solid, the second hatched, each with
    its number after it, and a legend naming both at the top."""
    names, plot, values, bar_height, gap, legend = 290.0, 320.0, 90.0, 14.0, 16.0, 30.0
    row = bar_height * 2 + 4 + gap
    width = names + plot + values
    height = legend + row * max(len(rows), 1)
    highest = max((max(r.first, r.second) for r in rows), default=0) or 1
    hatch = f"{chart_id}-hatch"
    parts = [
        format_html(
            '<defs><pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" '
            'stroke-width="2"/></pattern></defs>'
            '<rect x="0" y="4" width="16" height="14" fill="currentColor"/>'
            '<text x="22" y="16" font-size="{}" fill="currentColor">{}</text>'
            '<rect x="{}" y="4" width="16" height="14" fill="url(#{})" stroke="currentColor" stroke-width="1"/>'
            '<text x="{}" y="16" font-size="{}" fill="currentColor">{}</text>',
            hatch,
            FONT_SIZE,
            series[0],
            _number(names + 40),
            hatch,
            _number(names + 62),
            FONT_SIZE,
            series[1],
        )
    ]
    for index, pair in enumerate(rows):
        y = legend + index * row
        first = plot * pair.first / highest
        second = plot * pair.second / highest
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="{}" fill="currentColor">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="currentColor"/>'
                '<text x="{}" y="{}" font-size="{}" fill="currentColor">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" stroke="currentColor" '
                'stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="{}" fill="currentColor">{}</text>',
                _number(names - 8),
                _number(y + bar_height + 4),
                FONT_SIZE,
                _shorten(pair.label),
                _number(names),
                _number(y),
                _number(first),
                _number(bar_height),
                _number(names + first + 6),
                _number(y + bar_height - 2),
                FONT_SIZE,
                pair.first_text,
                _number(names),
                _number(y + bar_height + 4),
                _number(second),
                _number(bar_height),
                hatch,
                _number(names + second + 6),
                _number(y + bar_height * 2 + 2),
                FONT_SIZE,
                pair.second_text,
            )
        )
    desc = _describe(
        _("%(name)s: %(first)s %(first_series)s, %(second)s %(second_series)s")
        % {
            "name": pair.label,
            "first": pair.first_text,
            "first_series": series[0].lower(),
            "second": pair.second_text,
            "second_series": series[1].lower(),
        }
        for pair in rows
    )
    return _svg(chart_id, title, desc, width, height, mark_safe("".join(parts)))  # noqa: S308 (escaped above)
