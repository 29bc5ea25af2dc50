"""Linking related cases (the same matter written twice, or by two relatives): the form and its two views.

Like the other handling pages, the case page holds no form: it lists the related cases and links here. This page
lists the links with a button to remove each, and a form to find another case by its reference number and link
it; cases/relations.py does the work and audits it. Anyone who may not change the case gets a 404.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.models import User
from cases.lifecycle import CaseError
from cases.models import Case, RelationReason
from cases.policy import can_change_case
from cases.relations import case_by_reference, case_relate, case_unrelate, related_cases
from staff.handling_forms import HandlingForm
from staff.handling_views import CaseMixin, HandlingFormView


class RelateForm(HandlingForm):
    reference = forms.CharField(
        label=_("Reference number of the related case"),
        help_text=_("For example SN 2026/00123."),
        max_length=40,
    )
    reason = forms.ChoiceField(
        label=_("How are the cases related?"), choices=RelationReason.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        self.user = user
        self.other: Case | None = None
        super().__init__(*args, case=case, **kwargs)

    def clean_reference(self) -> str:
        reference: str = self.cleaned_data["reference"]
        other = case_by_reference(case=self.case, reference=reference, user=self.user)
        if other is None:
            raise ValidationError(
                _("There is no case with this reference number that you may see in this organisation."),
                code="not_found",
            )
        if other.pk == self.case.pk:
            raise ValidationError(_("That is this case's own reference number."), code="same")
        if not can_change_case(self.user, other):
            raise ValidationError(
                _("You may read that case but not handle it, so you cannot link it."), code="read_only"
            )
        self.other = other
        return reference


def _relations_url(case: Case) -> str:
    return reverse("staff:relate", args=[case.pk])


class RelateView(HandlingFormView):
    form_class = RelateForm
    template_name = "handling/relations.html"
    title = _("Related cases")
    intro = _(
        "Link another case of the organisation about the same matter: the same matter written twice, or by two "
        "relatives. Whoever handles either case sees the link. The sender does not."
    )
    submit = _("Link the cases")
    done = _("The cases are linked.")

    def form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        assert isinstance(user, User)
        return {"user": user}

    def extra_context(self, case: Case) -> dict[str, Any]:
        user = self.request.user
        assert isinstance(user, User)
        return {"related": related_cases(case=case, user=user)}

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        assert form.other is not None
        case_relate(case=case, other=form.other, reason=form.cleaned_data["reason"], acting_user=user)


class UnrelateView(CaseMixin, View):
    """Remove one link (POST only), then back to the related cases."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
        case = self.get_case(pk)
        user = request.user
        assert isinstance(user, User)
        other = get_object_or_404(Case.objects.select_related("organisation"), pk=other_pk)
        try:
            case_unrelate(case=case, other=other, acting_user=user)
        except CaseError as error:
            messages.error(request, str(error.message))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(
                request,
                str(
                    _("The link to case %(reference)s has been removed.")
                    % {"reference": other.reference_number}
                ),
            )
        return HttpResponseRedirect(_relations_url(case))
