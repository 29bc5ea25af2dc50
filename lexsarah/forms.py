"""The Lex Sarah forms: they validate what was typed, in the person's language; the services act."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.policy import cases_visible_to
from core.forms import DayMonthYearDateField, Select, named_errors, style_widgets
from lexsarah.models import Assessment, LexSarahRecord, LexSarahState
from lexsarah.selectors import STATE_ALL, STATE_OPEN, ListFilters, node_labels, report_nodes
from staff.handling_forms import text_field

FIELD = "core/includes/forms/field.html"
RADIOS = "core/includes/forms/radios.html"
DATE = "core/includes/forms/date.html"
CHECKBOX = "core/includes/forms/checkbox.html"


class StyledForm(forms.Form):
    """Designsystemet's class on every widget, text written in its own direction (dir="auto", whatever the script),
    and on each field the form kit's include that renders it, so that one template (lexsarah/_fields.html) renders
    any of these forms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        style_widgets(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea | forms.TextInput):
                field.widget.attrs.setdefault("dir", "auto")
            if isinstance(field, DayMonthYearDateField):
                include = DATE
            elif isinstance(field.widget, forms.RadioSelect):
                include = RADIOS
            elif isinstance(field, forms.BooleanField):
                include = CHECKBOX
            else:
                include = FIELD
            field.include = include  # type: ignore[attr-defined]


# --- The staff report ---------------------------------------------------------------------------------------------


class StaffReportForm(StyledForm):
    """What the member of staff reports: what happened, when, whom it concerns (no more than needed), and what was
    done at once. With `user`, also where (a part of the tree where they hold a role); started from a case, the
    case's unit is used and the field is left out."""

    node = forms.TypedChoiceField(
        label=_("Where it happened"),
        help_text=_("The unit, or the part of the organisation, where the deficiency is."),
        coerce=int,
        widget=Select,
        error_messages=named_errors(_("Where it happened"), required=_("Choose where it happened")),
    )
    what_happened = text_field(
        _("What happened"),
        required_message=_("Write what happened"),
        help_text=_(
            "Describe the deficiency, or the risk of one, as you saw it or were told it. Write only what is needed "
            "to understand it."
        ),
        rows=7,
    )
    occurred_on = DayMonthYearDateField(
        label=_("When it happened"),
        required=False,
        help_text=_("If you know it. For example 27 3 2026"),
        subject=_("the date it happened"),
        allow_future=False,
    )
    person_concerned = forms.CharField(
        label=_("The person concerned"),
        required=False,
        max_length=200,
        help_text=_(
            "Only what is needed to know whom it concerns, for example initials or a room number. No personal "
            "identity number."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages=named_errors(_("The person concerned")),
    )
    immediate_actions = text_field(
        _("What was done at once"),
        help_text=_("For example that the person was given care, or that a risk was removed."),
        rows=3,
    )

    def __init__(self, *args: Any, user: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is None:
            del self.fields["node"]
            return
        nodes = list(report_nodes(user).order_by("organisation__name", "path"))
        labels = node_labels(nodes)
        several = len({node.organisation_id for node in nodes}) > 1
        node_field = self.fields["node"]
        assert isinstance(node_field, forms.TypedChoiceField)
        node_field.choices = [("", _("Choose"))] + [
            (node.pk, f"{node.organisation.name}: {labels[node.pk]}" if several else labels[node.pk])
            for node in nodes
        ]
        self.nodes = {node.pk: node for node in nodes}

    def clean_node(self) -> Any:
        pk = self.cleaned_data["node"]
        return self.nodes.get(pk)


# --- Handling -----------------------------------------------------------------------------------------------------


class StartInvestigationForm(StyledForm):
    """No fields: the button says it all, and the one who presses it is the investigator."""


class InvestigationForm(StyledForm):
    """The investigation (SOSFS 2011:5, 5 kap.): saved as often as needed; all four parts are needed before the
    assessment."""

    findings = text_field(
        _("What happened and when"),
        help_text=_("What the investigation found: the course of events, with dates and times."),
        rows=6,
    )
    consequences = text_field(
        _("Consequences for the person"),
        help_text=_("What it meant, or could have meant, for the person or persons concerned."),
        rows=4,
    )
    causes = text_field(
        _("Causes found"),
        help_text=_("Why it happened: routines, staffing, knowledge, communication, premises, and so on."),
        rows=4,
    )
    actions = text_field(
        _("Actions taken or planned"),
        help_text=_(
            "What has been done, and what will be done, so that it does not happen again; who and when."
        ),
        rows=4,
    )

    @classmethod
    def for_record(cls, record: LexSarahRecord, data: Any = None) -> InvestigationForm:
        return cls(
            data,
            initial={
                "findings": record.findings,
                "consequences": record.consequences,
                "causes": record.causes,
                "actions": record.actions,
            },
        )


class AssessmentForm(StyledForm):
    assessment = forms.ChoiceField(
        label=_("Assessment"),
        choices=Assessment.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A serious deficiency, or a clear risk of one, is reported to IVO without delay. A clear risk is an "
            "obvious and concrete risk."
        ),
        error_messages=named_errors(_("Assessment"), required=_("Choose the assessment")),
    )
    reasoning = text_field(
        _("Reasoning"),
        required_message=_("Write the reasoning behind the assessment"),
        help_text=_("Why you assess it so, from what the investigation found."),
        rows=5,
    )


class IvoReportForm(StyledForm):
    sent_on = DayMonthYearDateField(
        label=_("The day the report was sent to IVO"),
        help_text=_("By IVO's e-service or by post. For example 27 3 2026"),
        subject=_("the day the report was sent"),
        allow_future=False,
    )
    ivo_reference = forms.CharField(
        label=_("IVO's reference number"),
        required=False,
        max_length=60,
        help_text=_("If IVO has given one already; it can be added later."),
        error_messages=named_errors(_("IVO's reference number")),
    )
    send_electronically = forms.BooleanField(
        label=_("Send the report to IVO's installation now"),
        required=False,
        help_text=_("What happened, when and where, through this organisation's connection to IVO."),
    )

    def __init__(self, *args: Any, electronic: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("sent_on", timezone.localdate())
        if not electronic:
            # Offered only where the organisation is connected to the supervisory authority (api.exchange).
            del self.fields["send_electronically"]


class IvoReferenceForm(StyledForm):
    ivo_reference = forms.CharField(
        label=_("IVO's reference number"),
        max_length=60,
        error_messages=named_errors(_("IVO's reference number"), required=_("Write IVO's reference number")),
    )


class CloseForm(StyledForm):
    note = text_field(
        _("At closure"),
        help_text=_("For example how the actions will be followed up, and by whom."),
        rows=3,
    )


class LinkCaseForm(StyledForm):
    """Link the record to a case afterwards, by the case's reference number; only a case of the record's
    organisation that the person may read is found."""

    reference = forms.CharField(
        label=_("The case's reference number"),
        max_length=40,
        help_text=_("For example SN 2026/00012."),
        error_messages=named_errors(
            _("The case's reference number"), required=_("Write the case's reference number")
        ),
    )

    def __init__(self, *args: Any, user: object, record: LexSarahRecord, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.record = record

    def clean_reference(self) -> Case:
        reference = " ".join(self.cleaned_data["reference"].split())
        case = (
            cases_visible_to(self.user)
            .filter(organisation_id=self.record.organisation_id, reference_number__iexact=reference)
            .first()
        )
        if case is None:
            raise forms.ValidationError(
                _("There is no case with that reference number that you may read in this organisation"),
                code="not_found",
            )
        return case


# --- The list -----------------------------------------------------------------------------------------------------


class ListFilterForm(StyledForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[(STATE_OPEN, _("Open records")), (STATE_ALL, _("All records")), *LexSarahState.choices],
        widget=Select,
        error_messages=named_errors(_("State")),
    )
    overdue = forms.BooleanField(label=_("Only records whose deadline has passed"), required=False)

    def filters(self) -> ListFilters:
        if not self.is_bound or not self.is_valid():
            return ListFilters()
        return ListFilters(state=self.cleaned_data["state"], overdue=self.cleaned_data["overdue"])

    def query(self) -> dict[str, str]:
        filters = self.filters()
        params = {}
        if filters.state:
            params["state"] = filters.state
        if filters.overdue:
            params["overdue"] = "1"
        return params
