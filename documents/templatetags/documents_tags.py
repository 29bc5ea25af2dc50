"""What the documents need in templates: the counties for the IVO report's regional department, and the day an
event happened in words."""

from datetime import date

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from cases.models import Case
from guide.ivo_regions import COUNTIES

register = template.Library()


@register.simple_tag
def ivo_counties() -> tuple[str, ...]:
    """The 21 counties, in order, from guide/data/ivo_regions.json."""
    return COUNTIES


@register.filter
def event_date_in_words(case: Case) -> str:
    """When it happened, in words and as precisely as the sender said ("3 mars 2026", "mars 2026", "2026")."""
    year, month, day = case.event_year, case.event_month, case.event_day
    try:
        if year and month and day:
            return formats.date_format(date(year, month, day), "j F Y")
        if year and month:
            return formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")
    except ValueError:
        pass
    return str(year) if year else _("Not given")
