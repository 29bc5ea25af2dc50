"""Forms for handling a case: they validate what staff typed; the services in cases/handling.py do the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case
from cases.services.categories import case_categories, categories_offered, cause_required
from core.forms import DayMonthYearDateField, Select, named_errors
from organisations.models import CategoryDimension, NodeKind, OrgNode
from staff.selectors import reassign_candidates, staff_on_path

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FIELD = "core/includes/forms/field.html"
RADIOS = "core/includes/forms/radios.html"
DATE = "core/includes/forms/date.html"
TEXT_MAX = 10_000


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


def text_field(
    label: StrOrPromise,
    *,
    required_message: StrOrPromise | None = None,
    help_text: StrOrPromise = "",
    rows: int = 5,
) -> forms.CharField:
    """A text area; required when it has a required message, which names what is missing (GOV.UK)."""
    return forms.CharField(
        label=label,
        required=required_message is not None,
        help_text=help_text,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": rows}),
        error_messages=named_errors(label, **({"required": required_message} if required_message else {})),
    )


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of one of the organisation's taxonomies, each named in the reader's language."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return obj.label()


class HandlingForm(forms.Form):
    """Each field knows which shared include renders it, so that one template renders any of these forms."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)
        self.add_fields(case)
        for field in self.fields.values():
            if isinstance(field, DayMonthYearDateField):
                field.include = DATE  # type: ignore[attr-defined]
            elif isinstance(field.widget, forms.RadioSelect):
                field.include = RADIOS  # type: ignore[attr-defined]
                field.widget.attrs.setdefault("class", "ds-input")
            else:
                field.include = FIELD  # type: ignore[attr-defined]
                field.widget.attrs.setdefault("class", "ds-input")

    def add_fields(self, case: Case) -> None:
        """Fields that depend on the case; none by default."""

    def add_category_fields(self, case: Case, *, closing: bool) -> None:
        """What the case concerns and the cause found, ticked as they are now. Closing needs a topic and, for a
        complaint, the cause (cases.services.categories); before that only the topic is asked for."""
        topics_label, causes_label = _("What the case concerns"), _("Cause found")
        self.fields["topics"] = CategoryChoiceField(
            queryset=categories_offered(case, CategoryDimension.TOPIC),
            label=topics_label,
            help_text=_("Choose one or more. The quality work counts cases by these."),
            error_messages=named_errors(topics_label, required=_("Choose what the case concerns")),
        )
        chosen = case_categories(case)
        if cause_required(case) or chosen.causes:
            self.fields["causes"] = CategoryChoiceField(
                queryset=categories_offered(case, CategoryDimension.CAUSE),
                label=causes_label,
                required=closing and cause_required(case),
                help_text=_("What you found when you looked into the complaint. Choose one or more."),
                error_messages=named_errors(causes_label, required=_("Choose the cause found")),
            )
        if not self.is_bound:
            self.initial.setdefault("topics", [category.pk for category in chosen.topics])
            self.initial.setdefault("causes", [category.pk for category in chosen.causes])

    def chosen_categories(self) -> dict[str, Any]:
        """The ticked categories, as the services take them."""
        return {
            "topics": list(self.cleaned_data.get("topics") or []),
            "causes": list(self.cleaned_data.get("causes") or []),
        }


class InformForm(HandlingForm):
    body = text_field(
        _("What will happen with the case"),
        required_message=_("Enter what will happen with the case"),
        help_text=_("The sender sees this. It stops the clock of this step."),
    )


class MessageForm(HandlingForm):
    body = text_field(
        _("Message to the sender"),
        required_message=_("Enter the message to the sender"),
        help_text=_("The sender sees this."),
    )


class NoteForm(HandlingForm):
    body = text_field(
        _("Internal note"),
        required_message=_("Enter the internal note"),
        help_text=_("Internal: never shown to the sender. For the investigation."),
    )


class ActionForm(HandlingForm):
    description = text_field(_("What will be done"), required_message=_("Enter what will be done"), rows=3)
    responsible = StaffChoiceField(
        queryset=User.objects.none(),
        label=_("Who is responsible"),
        empty_label=None,
        error_messages=named_errors(_("Who is responsible"), required=_("Choose who is responsible")),
    )
    due_on = DayMonthYearDateField(
        label=_("To be done by"),
        help_text=_("For example 27 3 2027."),
        subject=_("the date the action is to be done by"),
        allow_past=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        responsible = self.fields["responsible"]
        assert isinstance(responsible, StaffChoiceField)
        responsible.queryset = staff_on_path(case)
        if case.holder_id and not self.is_bound:
            self.initial.setdefault("responsible", case.holder_id)


class FollowUpForm(HandlingForm):
    was_done = forms.TypedChoiceField(
        label=_("Was the action carried out?"),
        choices=[("yes", _("Yes, it was carried out")), ("no", _("No, it was not carried out"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages=named_errors(
            _("Was the action carried out?"), required=_("Choose whether the action was carried out")
        ),
    )
    effect = text_field(_("What was the effect?"), required_message=_("Enter what the effect was"), rows=3)


class AnswerForm(HandlingForm):
    body = text_field(
        _("Final answer to the sender"),
        required_message=_("Enter the final answer to the sender"),
        help_text=_("The sender sees this. The case is closed when you send it."),
    )

    def add_fields(self, case: Case) -> None:
        self.add_category_fields(case, closing=True)


class ThanksForm(HandlingForm):
    body = text_field(
        _("Thanks or answer to the sender"),
        required_message=_("Enter the thanks or the answer to the sender"),
        help_text=_("The sender sees this. The case is closed when you send it."),
        rows=3,
    )

    def add_fields(self, case: Case) -> None:
        self.add_category_fields(case, closing=True)


class CategoriseForm(HandlingForm):
    """What the case concerns and the cause found, set while handling (needed again, ticked, when closing)."""

    def add_fields(self, case: Case) -> None:
        self.add_category_fields(case, closing=False)


class ReassignForm(HandlingForm):
    assignee = StaffChoiceField(
        queryset=User.objects.none(),
        label=_("Give the case to"),
        empty_label=None,
        error_messages=named_errors(_("Give the case to"), required=_("Choose whom to give the case to")),
    )
    note = text_field(_("Why"), rows=2, help_text=_("Internal: never shown to the sender."))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, StaffChoiceField)
        assignee.queryset = reassign_candidates(case)


class MoveForm(HandlingForm):
    unit = forms.ModelChoiceField(
        queryset=OrgNode.objects.none(),
        label=_("Move to unit"),
        empty_label=None,
        widget=Select,
        error_messages=named_errors(_("Move to unit"), required=_("Choose the unit to move the case to")),
    )
    reason = text_field(
        _("Reason for moving"),
        required_message=_("Enter the reason for moving the case"),
        rows=2,
        help_text=_("Internal: never shown to the sender."),
    )

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
    note = text_field(_("What you have seen"), rows=3, help_text=_("Internal: never shown to the sender."))


class EscalateForm(HandlingForm):
    reason = text_field(
        _("Why the case moves to the next step"),
        required_message=_("Enter why the case moves to the next step"),
        rows=3,
    )


class WithdrawForm(HandlingForm):
    """No fields: the button says what it does; staff use it only when the sender has asked."""
