"""Links that stay in the variant the person chose: standard text or easy-to-read (lättläst)."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def guide_url(context: template.Context, name: str) -> str:
    """The URL of a guide page in the current variant."""
    suffix = "_easy" if context.get("easy") else ""
    return reverse(f"guide:{name}{suffix}")


@register.simple_tag(takes_context=True)
def other_variant_url(context: template.Context) -> str:
    """The same page in the other variant."""
    request = context["request"]
    name = request.resolver_match.url_name.removesuffix("_easy")
    if name == "appeal_letter":  # the letter's errors are shown on the helper's page
        name = "appeal_helper"
    return reverse(f"guide:{name}" if context.get("easy") else f"guide:{name}_easy")
