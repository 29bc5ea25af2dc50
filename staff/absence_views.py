"""A manager's pages for absences and for moving a leaving person's cases (issue 17, item 4).

Views translate: the forms (staff/absence_forms.py) validate, organisations.absence and cases.services.handover
decide and act. Only managers of the ladder (organisations.absence.is_manager) may open these pages; each shows
only the people of the manager's part of the tree. Everything works without JavaScript: the leaving move is a
form, a confirmation page that says how many cases will move and lists those that cannot, and one POST.
Nothing of a case is put in a URL: the pages name people by their id, and cases only in the page.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
from cases.models import OPEN_STATES
from cases.policy import cases_visible_to
from cases.services.handover import (
    HandoverPlan,
    cases_hand_over,
    handover_cases,
    handover_people,
    handover_plan,
    handover_refusal,
)
from organisations.absence import (
    absence_end,
    absence_set,
    absences_for_manager,
    absences_in_force,
    covered_people,
    deputy_candidates,
    deputy_chain,
    display_name,
    holders_on_paths,
    is_current_or_planned,
    is_manager,
    people_managed,
    period_text,
    person_refusal,
    roles_in_part,
)
from organisations.models import Absence
from staff.absence_forms import AbsenceForm, ChoosePersonForm, HandoverForm

# How many ended or past absences the list shows under the current and planned ones.
EARLIER_SHOWN = 20


def _manager(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not is_manager(user):
        raise PermissionDenied
    return user


def _page(request: HttpRequest, template: str, context: dict[str, object]) -> TemplateResponse:
    response = TemplateResponse(request, template, context)
    response["Cache-Control"] = "no-store, private"
    return response


@dataclass(frozen=True)
class AbsenceRow:
    absence: Absence
    status: str  # "current", "planned", "ended", "past"
    may_end: bool
    # For an absence in force: who receives the person's new cases now (None: nobody present, the chain of
    # deputies comes back round), and the deputies passed over because they are away too.
    receiver: User | None
    via: list[User]
    held: int  # open cases the person holds that the manager may see


def _status(absence: Absence, today: date) -> str:
    if absence.ended_at is not None:
        return "ended"
    if absence.ends_on is not None and absence.ends_on < today:
        return "past"
    return "planned" if absence.starts_on > today else "current"


@never_cache
@staff_required
@require_GET
def absence_list(request: HttpRequest) -> HttpResponse:
    """The absences of the people in my part of the tree: current and planned first, then recent earlier ones."""
    manager = _manager(request)
    today = timezone.localdate()
    absences = list(absences_for_manager(manager)[:200])
    current = [a for a in absences if is_current_or_planned(a, today)]
    earlier = [a for a in absences if not is_current_or_planned(a, today)][:EARLIER_SHOWN]
    shown = current + earlier
    may_end = covered_people(manager, {(a.organisation_id, a.person_id) for a in current})
    in_force = absences_in_force(sorted({a.organisation_id for a in current}))
    held = dict(
        cases_visible_to(manager)
        .filter(holder_id__in={a.person_id for a in current}, state__in=OPEN_STATES)
        .order_by()
        .values_list("holder_id")
        .annotate(n=Count("pk"))
        .values_list("holder_id", "n")
    )
    rows = []
    for absence in shown:
        status = _status(absence, today)
        chain = deputy_chain(absence, in_force) if status == "current" else []
        last_away = bool(chain) and (absence.organisation_id, chain[-1].pk) in in_force
        rows.append(
            AbsenceRow(
                absence=absence,
                status=status,
                may_end=(absence.organisation_id, absence.person_id) in may_end and absence in current,
                receiver=chain[-1] if chain and not last_away else None,
                via=chain[:-1] if not last_away else chain,
                held=held.get(absence.person_id, 0) if absence in current else 0,
            )
        )
    return _page(
        request,
        "absence/list.html",
        {
            "current_rows": [row for row in rows if row.absence in current],
            "earlier_rows": [row for row in rows if row.absence not in current],
        },
    )


# Which field a refusal of organisations.absence.absence_set belongs to, by its code.
REFUSAL_FIELDS = {
    "scope": "person",
    "deputy": "deputy",
    "dates": "ends_on",
    "past": "ends_on",
    "overlap": "starts_on",
}


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def absence_new(request: HttpRequest) -> HttpResponse:
    """Set an absence and its deputy."""
    manager = _manager(request)
    people, deputies = people_managed(manager), deputy_candidates(manager)
    form = AbsenceForm(request.POST or None, people=people, deputies=deputies)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_person()
        try:
            absence = absence_set(
                organisation=chosen.organisation,
                person=chosen.user,
                deputy=form.chosen_deputy(),
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                acting_user=manager,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(REFUSAL_FIELDS.get(str(error.code)), message)
        else:
            messages.success(
                request,
                _("%(name)s is away %(period)s. Meanwhile their new cases go to %(deputy)s.")
                % {
                    "name": display_name(absence.person),
                    "period": period_text(absence),
                    "deputy": display_name(absence.deputy),
                },
            )
            return HttpResponseRedirect(reverse("absence:list"))
    return _page(request, "absence/new.html", {"form": form})


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def absence_finish(request: HttpRequest, pk: int) -> HttpResponse:
    """End an absence now: a confirmation page, then a POST."""
    manager = _manager(request)
    absence = get_object_or_404(absences_for_manager(manager), pk=pk)
    refusal = person_refusal(manager=manager, person=absence.person, organisation=absence.organisation)
    if refusal:
        raise Http404
    if absence.ended_at is not None:
        messages.info(request, _("This absence has already been ended."))
        return HttpResponseRedirect(reverse("absence:list"))
    if request.method == "POST":
        try:
            absence_end(absence=absence, acting_user=manager)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s's absence has ended: their new cases come to them again.")
                % {"name": display_name(absence.person)},
            )
        return HttpResponseRedirect(reverse("absence:list"))
    return _page(request, "absence/end.html", {"absence": absence, "period": period_text(absence)})


@never_cache
@staff_required
@require_GET
def handover_choose(request: HttpRequest) -> HttpResponse:
    """Choose whose cases to move (a GET form: only a person's id goes in the URL)."""
    manager = _manager(request)
    form = ChoosePersonForm(request.GET or None, people=handover_people(manager))
    if form.is_bound and form.is_valid():
        return HttpResponseRedirect(reverse("absence:handover", args=[int(form.cleaned_data["person"])]))
    return _page(request, "absence/handover_choose.html", {"form": form, "has_errors": bool(form.errors)})


def _confirmed_ids(request: HttpRequest) -> set[int]:
    return {int(value) for value in request.POST.getlist("confirmed") if value.isascii() and value.isdigit()}


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Move all of a person's open cases: choose (GET), check the count and what cannot move (POST "review"),
    then do it (POST "confirm"); "edit" goes back to the choices with everything chosen kept."""
    manager = _manager(request)
    found = next((p for p in handover_people(manager) if p.user.pk == person_pk), None)
    if found is None:
        raise Http404
    person, organisation = found.user, found.organisation
    context: dict[str, object] = {"person": person, "person_name": display_name(person)}
    refusal = handover_refusal(manager=manager, person=person, organisation=organisation)
    if refusal:
        return _page(request, "absence/handover.html", {**context, "refusal": refusal})
    cases, outside = handover_cases(manager=manager, person=person, organisation=organisation)
    holders = holders_on_paths(organisation=organisation, paths=[case.node_path for case in cases])
    roles = roles_in_part(manager=manager, person=person, organisation=organisation)
    step = request.POST.get("step", "")
    form_kwargs = {"person": person, "cases": cases, "holders": holders, "roles": roles}
    context.update(outside=outside, roles=roles, cases=cases)
    if request.method == "GET" or step == "edit":
        initial: dict[str, object] = {
            key: value for key, value in request.POST.items() if key not in {"csrfmiddlewaretoken", "step"}
        }
        # Carried as a hidden "True" or "False" by the confirmation page; a checkbox takes any text as ticked.
        initial["end_roles"] = initial.get("end_roles") == "True"
        form = HandoverForm(initial=initial, **form_kwargs)  # type: ignore[arg-type]
        return _page(request, "absence/handover.html", {**context, "form": form})
    form = HandoverForm(request.POST, **form_kwargs)  # type: ignore[arg-type]
    if not form.is_valid():
        return _page(request, "absence/handover.html", {**context, "form": form})
    plan = handover_plan(
        manager=manager,
        person=person,
        organisation=organisation,
        default_receiver=form.default_receiver(),
        receivers=form.receivers(),
        cases=cases,
        outside=outside,
    )
    end_roles = bool(form.cleaned_data.get("end_roles"))
    changed = step == "confirm" and _confirmed_ids(request) != {case.pk for case in cases}
    if step != "confirm" or changed or not (plan.moving or end_roles):
        return _confirm_page(request, context, form=form, plan=plan, end_roles=end_roles, changed=changed)
    done = cases_hand_over(
        person=person,
        organisation=organisation,
        case_ids=[case.pk for case in cases],
        default_receiver=form.default_receiver(),
        receivers=form.receivers(),
        end_roles=end_roles,
        acting_user=manager,
    )
    _report(request, done, end_roles=end_roles)
    if done.refused and not end_roles:  # back to what is left, to choose again
        return HttpResponseRedirect(reverse("absence:handover", args=[person.pk]))
    return HttpResponseRedirect(reverse("absence:list"))


def _confirm_page(
    request: HttpRequest,
    context: dict[str, object],
    *,
    form: HandoverForm,
    plan: HandoverPlan,
    end_roles: bool,
    changed: bool,
) -> HttpResponse:
    return _page(
        request,
        "absence/handover_confirm.html",
        {
            **context,
            "form": form,
            "plan": plan,
            "end_roles": end_roles,
            "changed": changed,
            "confirmed": [line.case.pk for line in plan.lines],
        },
    )


def _report(request: HttpRequest, plan: HandoverPlan, *, end_roles: bool) -> None:
    moved, refused = len(plan.moving), len(plan.refused)
    name = display_name(plan.person)
    text = ngettext(
        "%(count)d case of %(name)s was moved.", "%(count)d cases of %(name)s were moved.", moved
    ) % {"count": moved, "name": name}
    if end_roles:
        text += " " + ngettext(
            "%(count)d role was ended.", "%(count)d roles were ended.", len(plan.roles)
        ) % {"count": len(plan.roles)}
    messages.success(request, text)
    if refused:
        messages.warning(
            request,
            ngettext(
                "%(count)d case could not be moved and is still held by %(name)s: %(references)s.",
                "%(count)d cases could not be moved and are still held by %(name)s: %(references)s.",
                refused,
            )
            % {
                "count": refused,
                "name": name,
                "references": ", ".join(line.case.reference_number for line in plan.refused),
            },
        )


__all__ = ["absence_finish", "absence_list", "absence_new", "handover", "handover_choose"]
