"""The inbox's filter and search form: it validates, the view translates (style.md)."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import CaseKind, CaseState
from cases.policy import reading_paths
from cases.selectors import (
    SORT_DEADLINE,
    SORT_NEWEST,
    SORT_OLDEST,
    STATE_ALL,
    STATE_OPEN,
    TAB_MINE,
    TAB_SCOPE,
    InboxFilters,
    unit_choices_in_scope,
)
from core.forms import Select, named_errors

SEARCH_MAX_LENGTH = 200


class InboxFilterForm(forms.Form):
    # The selects are the form kit's (core.forms.Select): the unit filter lists every unit in the user's scope.
    tab = forms.ChoiceField(
        choices=[(TAB_MINE, TAB_MINE), (TAB_SCOPE, TAB_SCOPE)], required=False, widget=forms.HiddenInput
    )
    q = forms.CharField(
        label=_("Search"),
        help_text=_("Words from what was written, or a reference number such as SN 2026/00012 or 2026/12."),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        strip=True,
        error_messages=named_errors(_("Search")),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[(STATE_OPEN, _("Open cases")), (STATE_ALL, _("All cases")), *CaseState.choices],
        widget=Select,
        error_messages=named_errors(_("State")),
    )
    unit = forms.TypedChoiceField(
        label=_("Unit"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=Select,
        error_messages=named_errors(_("Unit")),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *CaseKind.choices],
        widget=Select,
        error_messages=named_errors(_("Kind")),
    )
    overdue = forms.BooleanField(label=_("Only cases where the date to inform has passed"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            (SORT_DEADLINE, _("Nearest deadline first")),
            (SORT_NEWEST, _("Most recently received first")),
            (SORT_OLDEST, _("Earliest received first")),
        ],
        widget=Select,
        error_messages=named_errors(_("Order")),
    )

    def __init__(
        self, *args: Any, user: User, held: Iterable[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only units in the user's own part of the tree: the list itself must not reveal the rest.
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        # The user's part of the tree, read once: the inbox filters its cases by the same paths. `held`: the user's
        # roles with their paths, as the page's frame has read them (cases.policy.reading_paths).
        self.scope_paths = reading_paths(user, held=held)
        self.units = {unit.pk: unit for unit in unit_choices_in_scope(user, paths=self.scope_paths)}
        unit_field.choices = [("", _("All my units")), *((pk, unit.name) for pk, unit in self.units.items())]
        self.fields["q"].widget.input_type = "search"  # type: ignore[attr-defined]
        for name in ("q", "state", "unit", "kind", "overdue", "sort"):
            self.fields[name].widget.attrs["class"] = "ds-input"

    def filters(self) -> InboxFilters:
        """The filters from the fields that validated (a tampered field is dropped, and reported as an error)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return InboxFilters(
            tab=data.get("tab") or TAB_MINE,
            state=data.get("state") or STATE_OPEN,
            unit=self.units.get(data["unit"]) if data.get("unit") is not None else None,
            kind=data.get("kind") or "",
            overdue=bool(data.get("overdue")),
            text=data.get("q") or "",
            sort=data.get("sort") or SORT_DEADLINE,
        )

    def query_params(self) -> dict[str, str]:
        """The filters as query-string parameters (never the search text: see staff.views)."""
        filters = self.filters()
        params = {"tab": filters.tab}
        if filters.state:
            params["state"] = filters.state
        if filters.unit is not None:
            params["unit"] = str(filters.unit.pk)
        if filters.kind:
            params["kind"] = filters.kind
        if filters.overdue:
            params["overdue"] = "1"
        if filters.sort != SORT_DEADLINE:
            params["sort"] = filters.sort
        return params
