"""The form kit's template side (core/forms.py): `{% load form_kit %}`.

- `form|error_summary_items`: the errors of a form, each with the id of its input (core/forms.py), as
  core/includes/forms/error_summary.html lists them.
- `{% honeypot %}`: the honeypot field inside a form (core/includes/forms/honeypot.html).
- `{% character_count_attrs field %}`, `{% character_count_hint field %}`: a FreeTextField's character count, as
  core/includes/forms/field.html shows it (nothing for any other field).
"""

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from core.forms import (
    HONEYPOT_FIELD,
    FreeTextField,
    HoneypotForm,
    character_count_attrs,
    character_count_hint,
    error_summary_items,
)

register = template.Library()


@register.filter(name="error_summary_items")
def error_summary_items_filter(form: Any) -> list[tuple[str, str]]:
    return error_summary_items(form) if isinstance(form, forms.BaseForm) else []


@register.inclusion_tag("core/includes/forms/honeypot.html")
def honeypot() -> dict[str, Any]:
    return {"field": HoneypotForm()[HONEYPOT_FIELD]}


def _counted_limit(bound: Any) -> int | None:
    field = getattr(bound, "field", None)
    if isinstance(field, FreeTextField) and field.character_count:
        return field.character_limit
    return None


@register.simple_tag(name="character_count_attrs")
def character_count_attrs_tag(bound: Any) -> SafeString | str:
    limit = _counted_limit(bound)
    return character_count_attrs(limit) if limit is not None else ""


@register.simple_tag(name="character_count_hint")
def character_count_hint_tag(bound: Any) -> str:
    limit = _counted_limit(bound)
    return character_count_hint(limit) if limit is not None else ""
