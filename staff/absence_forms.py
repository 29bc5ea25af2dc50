"""Forms for absences and the leaving move: they validate what the manager chose; organisations.absence and
cases.services.handover decide whether it may be done."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case
from core.forms import DayMonthYearDateField, Select, named_errors, style_widgets
from organisations.absence import Person, display_name
from organisations.models import RoleAssignment


def _choices(people: list[Person]) -> list[tuple[str, str]]:
    """One choice per person (the first organisation, should they work in several)."""
    seen: dict[int, str] = {}
    for person in people:
        seen.setdefault(person.user.pk, person.label)
    return [("", str(_("Choose")))] + [(str(pk), label) for pk, label in seen.items()]


class AbsenceForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Who will be away"),
        widget=Select,
        error_messages=named_errors(_("Who will be away"), required=_("Choose who will be away")),
    )
    deputy = forms.ChoiceField(
        label=_("Deputy"),
        help_text=_(
            "Receives the new and escalated cases meant for the person while they are away. Only people with a "
            "role at the person's units or above them are listed."
        ),
        widget=Select,
        error_messages=named_errors(_("Deputy"), required=_("Choose the deputy")),
    )
    starts_on = DayMonthYearDateField(
        label=_("First day away"),
        help_text=_("For example 1 7 2026"),
        subject=_("the first day away"),
    )
    ends_on = DayMonthYearDateField(
        label=_("Last day away"),
        required=False,
        help_text=_(
            "Leave it empty if it is not known (until further notice): the absence then lasts until you end it."
        ),
        subject=_("the last day away"),
        allow_past=False,
    )

    def __init__(self, *args: Any, people: list[Person], deputies: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.user.pk): p for p in reversed(people)}
        self.deputies = {str(p.user.pk): p for p in reversed(deputies)}
        self.fields["person"].choices = _choices(people)  # type: ignore[attr-defined]
        self.fields["deputy"].choices = _choices(deputies)  # type: ignore[attr-defined]
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person, deputy = data.get("person"), data.get("deputy")
        if person and deputy and person == deputy:
            self.add_error("deputy", _("A person cannot be their own deputy: choose someone else."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if isinstance(starts_on, date) and isinstance(ends_on, date) and ends_on < starts_on:
            self.add_error("ends_on", _("The last day away cannot be before the first day."))
        return data

    def chosen_person(self) -> Person:
        return self.people[self.cleaned_data["person"]]

    def chosen_deputy(self) -> User:
        return self.deputies[self.cleaned_data["deputy"]].user


class ChoosePersonForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Whose cases"),
        widget=Select,
        error_messages=named_errors(_("Whose cases"), required=_("Choose whose cases to move")),
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _choices(people)  # type: ignore[attr-defined]
        style_widgets(self)


def _holder_label(assignment: RoleAssignment) -> str:
    return f"{display_name(assignment.user)} – {assignment.get_role_display()}, {assignment.node.name}"


class HandoverForm(forms.Form):
    """A receiver for all the cases, or one for each (`case_<id>`), and whether to end the person's roles.

    Each case's list offers only those who could hold it (organisations.absence.holders_on_paths); the list for
    all offers everyone who could hold at least one, so the plan may still refuse a case, which is then listed."""

    receiver = forms.ChoiceField(
        label=_("Receiver of the cases"),
        required=False,
        help_text=_("Receives every case for which you choose no one else below."),
        widget=Select,
        error_messages=named_errors(_("Receiver of the cases")),
    )
    end_roles = forms.BooleanField(required=False)

    def __init__(
        self,
        *args: Any,
        person: User,
        cases: list[Case],
        holders: dict[str, list[RoleAssignment]],
        roles: list[RoleAssignment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.cases = cases
        self.roles = roles
        self.users: dict[str, User] = {}
        everyone: dict[str, str] = {}
        for case in cases:
            options: list[tuple[str, str]] = [("", str(_("The receiver of the cases")))]
            for assignment in holders.get(case.node_path, []):
                if assignment.user_id == person.pk:
                    continue
                key = str(assignment.user_id)
                self.users[key] = assignment.user
                everyone.setdefault(key, display_name(assignment.user))
                options.append((key, _holder_label(assignment)))
            self.fields[self.case_field(case)] = forms.ChoiceField(
                label=_("Receiver of %(reference)s") % {"reference": case.reference_number},
                required=False,
                choices=options,
                widget=Select,
                error_messages=named_errors(
                    _("Receiver of %(reference)s") % {"reference": case.reference_number}
                ),
            )
        self.fields["receiver"].choices = [  # type: ignore[attr-defined]
            ("", str(_("Choose"))),
            *sorted(everyone.items(), key=lambda item: item[1].casefold()),
        ]
        self.fields["end_roles"].label = _("Also end %(name)s's roles in your part of the organisation") % {
            "name": display_name(person)
        }
        if not roles:
            del self.fields["end_roles"]
        style_widgets(self)

    @staticmethod
    def case_field(case: Case) -> str:
        return f"case_{case.pk}"

    def case_rows(self) -> list[tuple[Case, forms.BoundField]]:
        return [(case, self[self.case_field(case)]) for case in self.cases]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.cases and not data.get("end_roles"):
            raise forms.ValidationError(_("There is nothing to move: choose to end the roles, or go back."))
        if not data.get("receiver") and any(not data.get(self.case_field(case)) for case in self.cases):
            self.add_error(
                "receiver", _("Choose who receives the cases, or choose a receiver for each case below.")
            )
        return data

    def default_receiver(self) -> User | None:
        key = self.cleaned_data.get("receiver") or ""
        return self.users.get(key)

    def receivers(self) -> dict[int, User]:
        chosen: dict[int, User] = {}
        for case in self.cases:
            key = self.cleaned_data.get(self.case_field(case)) or ""
            if key in self.users:
                chosen[case.pk] = self.users[key]
        return chosen
