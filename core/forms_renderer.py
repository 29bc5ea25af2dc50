"""A form renderer that writes Django's plainest widgets in Python instead of through the template engine.

A staff case page shows a dozen unbound forms; rendered by Django's widget templates, each <option> of a select is
an {% include %} and each widget's attributes another, and those templates were most of the page's cost. The
widgets below produce exactly the HTML of Django's own templates (core/tests/test_forms_renderer.py compares the
two on hostile values); any other widget, or one with its own template, is rendered by the templates as before.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# Django's widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = {
    WIDGETS + name
    for name in (
        "text.html",
        "email.html",
        "number.html",
        "password.html",
        "hidden.html",
        "url.html",
        "search.html",
        "tel.html",
        "date.html",
        "datetime.html",
        "time.html",
        "color.html",
        "input.html",
    )
}
OPTION_TEMPLATE = WIDGETS + "select_option.html"


def _text(value: Any) -> str:
    """`{{ value }}` in a template: localised, then escaped unless already safe."""
    value = localize(value)
    return str(value) if isinstance(value, SafeData) else escape(value)


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: '%s' % value, escaped unless the value was safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict[str, Any]) -> str:
    body = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{body}</textarea>'


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # the included option template ends with a newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget") if isinstance(context, dict) else None
        html: str | None = None
        if isinstance(widget, dict):
            if template_name in INPUT_TEMPLATES:
                html = _input(widget)
            elif template_name == WIDGETS + "textarea.html":
                html = _textarea(widget)
            elif template_name == WIDGETS + "select.html":
                html = _select(widget)
        if html is None:
            return super().render(template_name, context, request=request)
        return mark_safe(html.strip())  # noqa: S308 (every value above is escaped unless it was safe already)
