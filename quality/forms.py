"""Forms of the quality work: they validate what was typed; organisations.services does the rest."""

from datetime import date
from typing import Any

from django import forms
from django.utils import dateformat, formats
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind, Channel, SenderRole
from core.forms import FreeTextField, Select, named_errors, style_widgets
from organisations.models import Category, CategoryDimension, Organisation, OrgNode
from quality.models import SECTION_FIELDS, SECTIONS
from quality.statistics import (
    StatisticsFilter,
    StatisticsScope,
    add_months,
    month_start,
    months_between,
    path_ids,
)


class CategoryForm(forms.Form):
    name = forms.CharField(
        label=_("Name in Swedish"),
        max_length=100,
        error_messages=named_errors(_("Name in Swedish"), required=_("Enter the name in Swedish")),
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=100,
        required=False,
        help_text=_("Shown to staff who use the English interface. Without it they see the Swedish name."),
        error_messages=named_errors(_("Name in English")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class CategoryChangeForm(CategoryForm):
    position = forms.IntegerField(
        label=_("Place in the list"),
        min_value=1,
        max_value=999,
        help_text=_("1 is shown first."),
        error_messages={
            "required": _("Enter the place in the list, as a number"),
            "invalid": _("Enter the place in the list as a whole number, for example 3"),
            "min_value": _("The place in the list must be 1 or more"),
            "max_value": _("The place in the list must be 999 or less"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    is_active = forms.BooleanField(
        label=_("In use: staff can choose it"),
        required=False,
        help_text=_("An entry taken out of use stays on the cases that have it, and in the figures."),
    )


# --- the statistics' filter -------------------------------------------------------------------------------------

# How many years back the period's months go.
STATISTICS_YEARS = 6


def _month_choices(today: date) -> list[tuple[str, str]]:
    """The months from January six years back to this one, newest first, as ("2026-03", "mars 2026")."""
    months = months_between(date(today.year - STATISTICS_YEARS + 1, 1, 1), today)
    pattern = formats.get_format("YEAR_MONTH_FORMAT")  # once, as formats.date_format would for each month
    return [(month.strftime("%Y-%m"), dateformat.format(month, pattern)) for month in reversed(months)]


def scope_node_label(node: OrgNode, scope: StatisticsScope) -> str:
    """A node with the nodes above it that the reader reaches: "Äldreomsorg › Solgården"."""
    names = [scope.names[pk].name for pk in path_ids(node.path)[1:] if pk in scope.names]
    return " › ".join(names) or node.name


class StatisticsFilterForm(forms.Form):
    """What the statistics count. Submitted with GET: codes and ids only, nothing personal in the address."""

    organisation = forms.ChoiceField(
        label=_("Organisation"), required=False, widget=Select, error_messages=named_errors(_("Organisation"))
    )
    from_month = forms.ChoiceField(
        label=_("From month"), required=False, widget=Select, error_messages=named_errors(_("From month"))
    )
    to_month = forms.ChoiceField(
        label=_("To month"), required=False, widget=Select, error_messages=named_errors(_("To month"))
    )
    node = forms.TypedChoiceField(
        label=_("Part of the organisation"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=Select,
        error_messages=named_errors(_("Part of the organisation")),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *CaseKind.choices],
        widget=Select,
        error_messages=named_errors(_("Kind")),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All channels")), *Channel.choices],
        widget=Select,
        error_messages=named_errors(_("Channel")),
    )
    sender = forms.ChoiceField(
        label=_("Who wrote"),
        required=False,
        choices=[("", _("Everyone")), *SenderRole.choices],
        widget=Select,
        error_messages=named_errors(_("Who wrote")),
    )
    topic = forms.TypedChoiceField(
        label=_("What it concerns"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=Select,
        error_messages=named_errors(_("What it concerns")),
    )
    cause = forms.TypedChoiceField(
        label=_("Cause found"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=Select,
        error_messages=named_errors(_("Cause found")),
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        scope: StatisticsScope,
        categories: dict[int, Category],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.today = today
        self.categories = categories
        self.nodes = {node.pk: node for node in scope.nodes}
        self.default_to = month_start(today)
        self.default_from = add_months(self.default_to, -11)
        self._choose("organisation", [(o.slug, o.name) for o in organisations])
        if len(organisations) < 2:
            self.fields["organisation"].widget = forms.HiddenInput()
        months = _month_choices(today)
        self._choose("from_month", months)
        self._choose("to_month", months)
        self.fields["from_month"].initial = self.default_from.strftime("%Y-%m")
        self.fields["to_month"].initial = self.default_to.strftime("%Y-%m")
        self._choose(
            "node",
            [("", _("All of my part"))]
            + [(n.pk, scope_node_label(n, scope)) for n in scope.nodes if n.parent_id],
        )
        for name, dimension, everything in (
            ("topic", CategoryDimension.TOPIC, _("Everything")),
            ("cause", CategoryDimension.CAUSE, _("All causes")),
        ):
            entries = sorted(
                (c for c in categories.values() if c.dimension == dimension),
                key=lambda c: (c.position, c.name),
            )
            self._choose(name, [("", everything)] + [(c.pk, c.label()) for c in entries])
        for bound in self.fields.values():
            bound.widget.attrs.setdefault("class", "ds-input")

    def _choose(self, name: str, choices: list[tuple[Any, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("from_month"), data.get("to_month")
        if first and last and first > last:
            self.add_error("to_month", _("The last month cannot come before the first month"))
        return data

    def selection(self) -> StatisticsFilter:
        """The filter from the fields that validated; a field that did not (a tampered value) counts as empty,
        and the page says so at the top."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}

        def month(name: str, default: date) -> date:
            value = data.get(name)
            return date(int(value[:4]), int(value[5:7]), 1) if value else default

        first = month("from_month", self.default_from)
        last = month("to_month", self.default_to)
        if first > last or "from_month" in self.errors or "to_month" in self.errors:
            first, last = self.default_from, self.default_to  # a period refused is not half kept
        return StatisticsFilter(
            first_month=first,
            last_month=last,
            node=self.nodes.get(data["node"]) if data.get("node") is not None else None,
            kind=data.get("kind") or "",
            channel=data.get("channel") or "",
            sender_role=data.get("sender") or "",
            topic=self.categories.get(data["topic"]) if data.get("topic") is not None else None,
            cause=self.categories.get(data["cause"]) if data.get("cause") is not None else None,
        )


def selection_params(organisation: Organisation, selection: StatisticsFilter) -> dict[str, str]:
    """The filter as the page's query-string parameters (the export links carry it on)."""
    params = {
        "organisation": organisation.slug,
        "from_month": selection.first_month.strftime("%Y-%m"),
        "to_month": selection.last_month.strftime("%Y-%m"),
    }
    if selection.node is not None:
        params["node"] = str(selection.node.pk)
    for name, value in (
        ("kind", selection.kind),
        ("channel", selection.channel),
        ("sender", selection.sender_role),
    ):
        if value:
            params[name] = value
    if selection.topic is not None:
        params["topic"] = str(selection.topic.pk)
    if selection.cause is not None:
        params["cause"] = str(selection.cause.pk)
    return params


# --- the quality report's texts ----------------------------------------------------------------------------------

REPORT_TEXT_MAX = 10_000


class QualityReportForm(forms.Form):
    """The sections of the quality report (quality.models.SECTIONS), each optional: a draft may be saved half
    written. `version` is the report's as the form was opened (quality.services.quality_report_save)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, heading, help_text in SECTIONS:
            self.fields[name] = FreeTextField(
                label=heading,
                help_text=help_text,
                required=False,
                max_length=REPORT_TEXT_MAX,
                character_count=True,
                error_messages=named_errors(heading),
                widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
            )
        style_widgets(self)

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in SECTION_FIELDS}

    def section_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SECTION_FIELDS]
