from django import template

from audit import actions

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return actions.action_label(code)
