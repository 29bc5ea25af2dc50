"""What the documents need in templates: the counties for the IVO report's regional department."""

from django import template

from guide.ivo_regions import COUNTIES

register = template.Library()


@register.simple_tag
def ivo_counties() -> tuple[str, ...]:
    """The 21 counties, in order, from guide/data/ivo_regions.json."""
    return COUNTIES
