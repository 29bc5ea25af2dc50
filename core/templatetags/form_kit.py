"""The form kit's template side (core/forms.py): `{% load form_kit %}`.

- `form|error_summary_items`: the errors of a form, each with the id of its input (core/forms.py), as
  core/includes/forms/error_summary.html lists them.
- `{% honeypot %}`: the honeypot field inside a form (core/includes/forms/honeypot.html).
"""

from typing import Any

from django import forms, template

from core.forms import HONEYPOT_FIELD, HoneypotForm, error_summary_items

register = template.Library()


@register.filter(name="error_summary_items")
def error_summary_items_filter(form: Any) -> list[tuple[str, str]]:
    return error_summary_items(form) if isinstance(form, forms.BaseForm) else []


@register.inclusion_tag("core/includes/forms/honeypot.html")
def honeypot() -> dict[str, Any]:
    return {"field": HoneypotForm()[HONEYPOT_FIELD]}
