"""Forms for handling a case: they validate what staff typed; the services in cases/handling.py do the rest."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case
from handling.selectors import reassign_candidates, staff_on_path
from organisations.models import NodeKind, OrgNode

FIELD = "core/includes/forms/field.html"
RADIOS = "core/includes/forms/radios.html"
DATE = "core/includes/forms/date.html"
TEXT_MAX = 10_000


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class DatePartsWidget(forms.MultiWidget):
    def __init__(self) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DatePartsField(forms.MultiValueField):
    """A date as day, month and year (GOV.UK), rendered by core/includes/forms/date.html."""

    widget = DatePartsWidget

    def __init__(self, **kwargs: Any) -> None:
        error = _("Enter a real date, for example 27 3 2027.")
        fields = (
            forms.IntegerField(min_value=1, max_value=31, error_messages={"invalid": error}),
            forms.IntegerField(min_value=1, max_value=12, error_messages={"invalid": error}),
            forms.IntegerField(min_value=2000, max_value=2100, error_messages={"invalid": error}),
        )
        super().__init__(fields=fields, require_all_fields=True, **kwargs)
        self.error_messages["incomplete"] = error

    def compress(self, data_list: list[Any]) -> date | None:
        if not data_list:
            return None
        try:
            return date(data_list[2], data_list[1], data_list[0])
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Enter a real date, for example 27 3 2027."), code="invalid") from error

    def clean(self, value: Any) -> Any:
        # One clear message, not one per part.
        if not value or not any(value):
            raise ValidationError(_("Enter the date, as day, month and year."), code="required")
        try:
            return super().clean(value)
        except ValidationError as error:
            raise ValidationError(_("Enter a real date, for example 27 3 2027."), code="invalid") from error


def text_field(label: Any, *, required: bool = True, help_text: Any = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": rows}),
    )


class HandlingForm(forms.Form):
    """Each field knows which shared include renders it, so that one template renders any of these forms."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, DatePartsField):
                field.include = DATE  # type: ignore[attr-defined]
            elif isinstance(field.widget, forms.RadioSelect):
                field.include = RADIOS  # type: ignore[attr-defined]
                field.widget.attrs.setdefault("class", "ds-input")
            else:
                field.include = FIELD  # type: ignore[attr-defined]
                field.widget.attrs.setdefault("class", "ds-input")


class InformForm(HandlingForm):
    body = text_field(
        _("What will happen with the case"),
        help_text=_("The sender sees this. It stops the clock of this step."),
    )


class MessageForm(HandlingForm):
    body = text_field(_("Message to the sender"), help_text=_("The sender sees this."))


class NoteForm(HandlingForm):
    body = text_field(
        _("Internal note"), help_text=_("Internal: never shown to the sender. For the investigation.")
    )


class ActionForm(HandlingForm):
    description = text_field(_("What will be done"), rows=3)
    responsible = StaffChoiceField(
        queryset=User.objects.none(), label=_("Who is responsible"), empty_label=None
    )
    due_on = DatePartsField(label=_("To be done by"), help_text=_("For example 27 3 2027."))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        responsible = self.fields["responsible"]
        assert isinstance(responsible, StaffChoiceField)
        responsible.queryset = staff_on_path(case)
        if case.holder_id and not self.is_bound:
            self.initial.setdefault("responsible", case.holder_id)

    def clean_due_on(self) -> date:
        due_on: date = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise ValidationError(_("The date must be today or later."), code="past")
        return due_on


class FollowUpForm(HandlingForm):
    was_done = forms.TypedChoiceField(
        label=_("Was the action carried out?"),
        choices=[("yes", _("Yes, it was carried out")), ("no", _("No, it was not carried out"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    effect = text_field(_("What was the effect?"), rows=3)


class AnswerForm(HandlingForm):
    body = text_field(
        _("Final answer to the sender"),
        help_text=_("The sender sees this. The case is closed when you send it."),
    )


class ThanksForm(HandlingForm):
    body = text_field(
        _("Thanks or answer to the sender"),
        help_text=_("The sender sees this. The case is closed when you send it."),
        rows=3,
    )


class ReassignForm(HandlingForm):
    assignee = StaffChoiceField(queryset=User.objects.none(), label=_("Give the case to"), empty_label=None)
    note = text_field(_("Why"), required=False, rows=2, help_text=_("Internal: never shown to the sender."))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, StaffChoiceField)
        assignee.queryset = reassign_candidates(case)


class MoveForm(HandlingForm):
    unit = forms.ModelChoiceField(queryset=OrgNode.objects.none(), label=_("Move to unit"), empty_label=None)
    reason = text_field(_("Reason for moving"), rows=2, help_text=_("Internal: never shown to the sender."))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        units = OrgNode.objects.filter(
            organisation=case.organisation, kind=NodeKind.UNIT, is_active=True
        )  # units_of(), as one query
        unit.queryset = (
            units.exclude(pk=case.unit_id).order_by("name") if case.unit_id else units.order_by("name")
        )


class FlagForm(HandlingForm):
    note = text_field(
        _("What you have seen"), required=False, rows=3, help_text=_("Internal: never shown to the sender.")
    )


class EscalateForm(HandlingForm):
    reason = text_field(_("Why the case moves to the next step"), rows=3)


class WithdrawForm(HandlingForm):
    """No fields: the button says what it does; staff use it only when the sender has asked."""
