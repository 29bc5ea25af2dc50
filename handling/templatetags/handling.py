"""`{% handling_panel %}`: the handling panel for the case in the context (included by the staff case page)."""

from typing import Any

from django import template
from django.forms import ModelChoiceField

from cases.models import Case, CaseKind
from handling import forms
from handling.selectors import handling_panel_data

register = template.Library()


@register.inclusion_tag("handling/_panel.html", takes_context=True)
def handling_panel(context: template.Context) -> dict[str, Any]:
    case: Case = context["case"]
    data = handling_panel_data(
        case=case, assignments=context.get("assignments"), attachments=context.get("attachments")
    )
    ops = data.operations

    def make(form_class: type[forms.HandlingForm], prefix: str) -> forms.HandlingForm:
        form = form_class(case=case, auto_id=f"{prefix}-%s")
        for field in form.fields.values():
            if isinstance(field, ModelChoiceField):
                _choices_read_once(field)
        return form

    panel_forms: dict[str, forms.HandlingForm] = {}
    if "inform" in ops:
        panel_forms["inform"] = make(forms.InformForm, "inform")
    if "message" in ops:
        panel_forms["message"] = make(forms.MessageForm, "message")
    if "note" in ops:
        panel_forms["note"] = make(forms.NoteForm, "note")
    if "action_add" in ops:
        panel_forms["action"] = make(forms.ActionForm, "action")
    # Praise is thanked, not answered: one closing form, not two.
    if "answer_and_close" in ops and not (case.kind == CaseKind.PRAISE and "thank_and_close" in ops):
        panel_forms["answer"] = make(forms.AnswerForm, "answer")
    if "thank_and_close" in ops:
        panel_forms["thanks"] = make(forms.ThanksForm, "thanks")
    if "reassign" in ops:
        reassign = make(forms.ReassignForm, "reassign")
        if reassign.fields["assignee"].choices:  # type: ignore[attr-defined]
            panel_forms["reassign"] = reassign
    if "move" in ops:
        panel_forms["move"] = make(forms.MoveForm, "move")
    if "flag" in ops and not case.possible_serious_deficiency:
        panel_forms["flag"] = make(forms.FlagForm, "flag")
    if "escalate" in ops:
        panel_forms["escalate"] = make(forms.EscalateForm, "escalate")
    follow_ups = []
    for action in data.actions:
        form = None
        if action.followed_up_at is None and "action_follow_up" in ops:
            form = make(forms.FollowUpForm, f"followup-{action.pk}")
        follow_ups.append((action, form))
    return {
        "case": case,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "data": data,
        "panel_forms": panel_forms,
        "follow_ups": follow_ups,
        "can_withdraw": "withdraw" in ops,
    }


def _choices_read_once(field: ModelChoiceField) -> None:  # type: ignore[type-arg]
    """Fix a select's choices with one query. A ModelChoiceField counts and queries again (a server-side cursor
    on PostgreSQL) each time its choices are iterated, and the widget and the template each do. These forms are
    only shown here; a POST is validated against the field's queryset by the view, as usual."""
    choices: list[tuple[object, str]] = [] if field.empty_label is None else [("", str(field.empty_label))]
    objects = list(field.queryset) if field.queryset is not None else []
    choices += [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in objects]
    field.choices = choices
