"""Staff views for handling a case. Views translate: the form validates, a service in cases/services/handling.py acts.

The case page holds no form: it lists what can be done, each a link to one of these views. GET shows the form on
a page of its own, with what is needed to fill it in (the case, the deadline, the action followed up); POST
checks the access policy (404 for anyone who may not change the case), then Post/Redirect/Get back to the case
page. On an error the same page is shown again, with the error summary and everything typed kept.
"""

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.decorators import StaffRequiredMixin
from accounts.models import User
from cases import services
from cases.lifecycle import CaseError
from cases.models import Action, Case
from cases.selectors import case_for_staff_read
from staff import handling_forms as forms


def case_page_url(case: Case) -> str:
    """The staff case page (staff app); the handling page of this app if that is not installed."""
    try:
        return reverse("staff:case_detail", args=[case.pk]) + "#handling"
    except NoReverseMatch:
        return reverse("staff:case", args=[case.pk])


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class CaseMixin(StaffRequiredMixin):
    """Find the case and refuse (404, so that nothing is revealed) anyone who may not change it."""

    request: HttpRequest

    page: ClassVar[str] = "handling_form"

    def get_case(self, pk: int) -> Case:
        """Every request opens the case once, through the one way in, which records the read."""
        case = case_for_staff_read(user=_staff(self.request), pk=pk, change=True, data={"page": self.page})
        if case is None:
            raise Http404
        return case


class HandlingFormView(CaseMixin, View):
    form_class: ClassVar[type[forms.HandlingForm]]
    title: ClassVar[str | Promise]
    submit: ClassVar[str | Promise]
    done: ClassVar[str | Promise]
    intro: ClassVar[str | Promise] = ""
    template_name = "handling/form_page.html"
    http_method_names = ["get", "post"]

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        raise NotImplementedError

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def render(self, case: Case, form: forms.HandlingForm) -> HttpResponse:
        context = {
            "case": case,
            "form": form,
            "title": self.title,
            "submit": self.submit,
            "intro": self.intro,
            "action_url": self.request.path,
            "back_url": case_page_url(case),
            "unavailable": self.unavailable(form),
            **self.extra_context(case),
        }
        response = TemplateResponse(self.request, self.template_name, context)
        response["Cache-Control"] = "no-store, private"
        return response

    def extra_context(self, case: Case) -> dict[str, Any]:
        return {}

    def unavailable(self, form: forms.HandlingForm) -> str | Promise:
        """Why this cannot be done for the case, if it cannot: then the page says so instead of showing the form."""
        return ""

    def get(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        case = self.get_case(pk)
        return self.render(case, self.form_class(case=case, auto_id="id_%s", **self.form_kwargs()))

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        case = self.get_case(pk)
        form = self.form_class(request.POST, case=case, auto_id="id_%s", **self.form_kwargs())
        if self.unavailable(form):  # nothing to validate: say why, as GET does
            return self.render(case, self.form_class(case=case, auto_id="id_%s", **self.form_kwargs()))
        if form.is_valid():
            try:
                self.perform(form=form, case=case, user=_staff(request))
            except CaseError as error:
                form.add_error(None, str(error.message))
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, str(self.done))
                return HttpResponseRedirect(case_page_url(case))
        return self.render(case, form)


class InformView(HandlingFormView):
    form_class = forms.InformForm
    title = _("Inform the sender of what will happen")
    submit = _("Send the information")
    done = _("The sender has been informed. The clock of this step has stopped.")

    def extra_context(self, case: Case) -> dict[str, Any]:
        return {"inform_by": case.inform_by, "show_acknowledge": True}

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_inform(case=case, body=form.cleaned_data["body"], acting_user=user)


class MessageView(HandlingFormView):
    form_class = forms.MessageForm
    title = _("Write to the sender")
    submit = _("Send the message")
    done = _("The message has been sent.")

    def extra_context(self, case: Case) -> dict[str, Any]:
        return {"show_acknowledge": True}

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.message_add(case=case, body=form.cleaned_data["body"], from_citizen=False, acting_user=user)


class NoteView(HandlingFormView):
    form_class = forms.NoteForm
    title = _("Add an internal note")
    submit = _("Save the note")
    done = _("The note has been saved.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.note_add(case=case, body=form.cleaned_data["body"], acting_user=user)


class ActionAddView(HandlingFormView):
    form_class = forms.ActionForm
    title = _("Add an action")
    submit = _("Add the action")
    done = _("The action has been added.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.action_add(
            case=case,
            description=form.cleaned_data["description"],
            responsible=form.cleaned_data["responsible"],
            due_on=form.cleaned_data["due_on"],
            acting_user=user,
        )


class FollowUpView(HandlingFormView):
    form_class = forms.FollowUpForm
    title = _("Follow up the action")
    submit = _("Save the follow-up")
    done = _("The follow-up has been saved.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.action_pk = kwargs.get("action_pk")
        return super().dispatch(request, *args, **kwargs)

    def get_action(self, case: Case) -> Action:
        if getattr(self, "action", None) is None:
            self.action = get_object_or_404(
                Action.objects.select_related("responsible"), pk=self.action_pk, case=case
            )
        return self.action

    def extra_context(self, case: Case) -> dict[str, Any]:
        return {"action": self.get_action(case)}

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.action_follow_up(
            action=self.get_action(case),
            was_done=form.cleaned_data["was_done"],
            effect=form.cleaned_data["effect"],
            acting_user=user,
        )

    def get(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        self.get_action(self.get_case(pk))
        return super().get(request, pk, **kwargs)


class AnswerAndCloseView(HandlingFormView):
    form_class = forms.AnswerForm
    title = _("Give the final answer and close the case")
    submit = _("Send the answer and close")
    done = _("The final answer has been sent and the case is closed.")

    def extra_context(self, case: Case) -> dict[str, Any]:
        # Said before anything is typed: the service refuses to close while an action lacks its follow-up.
        return {"actions_open": Action.objects.filter(case=case, followed_up_at__isnull=True).count()}

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_answer_and_close(
            case=case, body=form.cleaned_data["body"], acting_user=user, **form.chosen_categories()
        )


class ThankAndCloseView(HandlingFormView):
    form_class = forms.ThanksForm
    title = _("Thank the sender and close the case")
    submit = _("Send and close")
    done = _("The sender has been thanked and the case is closed.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_thank_and_close(
            case=case, body=form.cleaned_data["body"], acting_user=user, **form.chosen_categories()
        )


class CategoriseView(HandlingFormView):
    form_class = forms.CategoriseForm
    title = _("What the case concerns and the cause found")
    intro = _(
        "The quality work counts cases by what they concern and by the cause found, to find patterns. The case "
        "cannot be closed without them: a topic, and for a complaint the cause."
    )
    submit = _("Save")
    done = _("Saved what the case concerns.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_categorise(case=case, acting_user=user, **form.chosen_categories())


class ReassignView(HandlingFormView):
    form_class = forms.ReassignForm
    title = _("Give the case to someone else in the unit")
    submit = _("Give the case")
    done = _("The case has been given to someone else.")

    def unavailable(self, form: forms.HandlingForm) -> str | Promise:
        # Asked here rather than on the case page, which offers this link without a query.
        assignee = form.fields["assignee"]
        assert isinstance(assignee, forms.StaffChoiceField)
        if assignee.queryset is not None and assignee.queryset.exists():
            return ""
        return _("Nobody else at the unit or above it can take the case.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_reassign(
            case=case,
            assignee=form.cleaned_data["assignee"],
            acting_user=user,
            note=form.cleaned_data["note"],
        )


class MoveView(HandlingFormView):
    form_class = forms.MoveForm
    title = _("Move the case to another unit")
    submit = _("Move the case")
    done = _("The case has been moved.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_move(
            case=case, unit=form.cleaned_data["unit"], reason=form.cleaned_data["reason"], acting_user=user
        )


class FlagView(HandlingFormView):
    form_class = forms.FlagForm
    title = _("Flag a possible serious deficiency (missförhållande)")
    intro = _(
        "Flag the case if it may reveal a serious deficiency or abuse. The case page then asks for a Lex Sarah "
        "assessment, and the sender is shown how to report to IVO."
    )
    submit = _("Flag the case")
    done = _("The case is flagged. Make a Lex Sarah assessment.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_flag_serious_deficiency(case=case, acting_user=user, note=form.cleaned_data["note"])


class EscalateView(HandlingFormView):
    form_class = forms.EscalateForm
    title = _("Move the case to the next step of the ladder")
    intro = _("The next step's holder takes the case, with a new deadline to inform the complainant.")
    submit = _("Move to the next step")
    done = _("The case has moved to the next step.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_escalate(
            case=case, reason=form.cleaned_data["reason"], requested_by_citizen=False, acting_user=user
        )


class WithdrawView(HandlingFormView):
    form_class = forms.WithdrawForm
    title = _("Withdraw the case on the sender's behalf")
    intro = _(
        "Only when the sender has asked to withdraw the case. Nothing more can be done with it afterwards."
    )
    submit = _("Withdraw the case")
    done = _("The case has been withdrawn.")

    def perform(self, *, form: Any, case: Case, user: User) -> None:
        services.case_withdraw(case=case, by_citizen=False, acting_user=user)


class CaseHandlingView(CaseMixin, View):
    """The handling panel on a page of its own (the staff case page includes the same panel)."""

    http_method_names = ["get"]
    page = "handling"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk)
        response = TemplateResponse(request, "handling/case.html", {"case": case})
        response["Cache-Control"] = "no-store, private"
        return response
