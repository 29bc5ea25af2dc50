"""The planning view's table body, written in Python (issue 19 item 9, docs/decisions/0042).

The body is the page's repetitive part: 50 providers, each with its units (some hundreds in all for a busy
department) and what their reports concern (several hundred). Rendered by the template language, every value was a
variable lookup, a localisation and an escape, and every unit's kind of service a translation: most of the page's
CPU time. Here the labels (the kinds of service, the trends) are translated once, the list's address is reversed
once, and each row is joined from strings: every text from the database goes through `html.escape`, the function
Django's `escape` and `format_html` use, called directly because their lazy-string checks cost more than the escape
itself at some thousands of values a page; numbers are written as `str` writes them, as the template's
localisation of a whole number does without USE_THOUSAND_SEPARATOR (off in settings).

Each provider shows its first `SHOWN` units and categories (the most signals first); the rest follow in a
disclosure (`<details>`, which works without JavaScript), so that every unit and the reports behind it stay one
click away.
"""

from collections.abc import Callable
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from supervision.models import ServiceKind
from supervision.planning import Planning

SHOWN = 5  # units and categories shown before the disclosure of the rest


def _listed(items: list[str], css: str, more: Callable[[int], str]) -> str:
    """The items as a list, the first SHOWN open and the rest behind a disclosure whose summary says how many
    (`more` of their number: translated only for the rows that need it)."""
    shown = f'<ul class="{css}">{"".join(items[:SHOWN])}</ul>'
    if len(items) <= SHOWN:
        return shown
    return (
        f'{shown}<details class="signal-more"><summary>{escape(more(len(items) - SHOWN))}</summary>'
        f'<ul class="{css}">{"".join(items[SHOWN:])}</ul></details>'
    )


def _more_units(count: int) -> str:
    return ngettext("%(count)s more unit", "%(count)s more units", count) % {"count": count}


def _more_categories(count: int) -> str:
    return ngettext("%(count)s more category", "%(count)s more categories", count) % {"count": count}


def planning_rows(planning: Planning, reports_url: str) -> SafeString:
    """The `<tr>` of every provider in `planning`, linking to the reports behind it at `reports_url`."""
    url = escape(reports_url)
    kinds = {value: escape(str(label)) for value, label in ServiceKind.choices}
    trends = {
        "rising": escape(gettext("Rising")),
        "falling": escape(gettext("Falling")),
        "steady": escape(gettext("Steady")),
    }
    not_decided = escape(gettext("Not yet decided"))
    names: dict[str, str] = {}  # a category's escaped name: the same few recur on every row
    rows = []
    for row in planning.providers:
        units = [
            f'<li><a class="ds-link" href="{url}?unit={item.unit_id}&amp;show=all&amp;since=12">'
            f"{escape(item.name)}</a> ({kinds.get(item.service_kind) or escape(item.service_kind)}): "
            f"{item.total}</li>"
            for item in row.units
        ]
        units_html = _listed(units, "signal-units", _more_units) if units else "–"
        categories = [
            f"<li>{names.get(name) or names.setdefault(name, escape(name))}: {count}</li>"
            for name, count in row.categories
        ]
        categories_html = (
            _listed(categories, "signal-categories", _more_categories) if categories else not_decided
        )
        quarters = "".join(f"<td>{count}</td>" for count in row.quarters)
        provider = row.provider
        rows.append(
            f'<tr><th scope="row"><a class="ds-link" href="{url}?provider={provider.pk}&amp;show=all&amp;since=12">'
            f'{escape(provider.name)}</a><br><span class="nowrap">{escape(provider.organisation_number)}</span></th>'
            f"<td>{row.total}</td>{quarters}<td>{trends[row.trend]}</td><td>{units_html}</td>"
            f"<td>{categories_html}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped or a number
