"""The log review (GDPR art. 32, OSL): an administrator sees who read which cases."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accounts.decorators import staff_required
from accounts.models import User
from audit.actions import Action
from audit.forms import LogReviewFilterForm
from audit.selectors import events_for_review, staff_for_review
from audit.services import audit_record
from organisations.models import Role, RoleAssignment

PAGE_SIZE = 50


def may_review_log(user: object) -> bool:
    """Administrators (the role, anywhere in a tree) and superusers review the log; nobody else. What an
    administrator sees is limited to their own organisations (audit.selectors.events_for_review)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()


@staff_required
def log_review(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_review_log(user):
        raise PermissionDenied
    assert isinstance(user, User)
    form = LogReviewFilterForm(request.GET or None)
    # Only the people of the organisations this person administers can be chosen (and so be named on the page).
    form.fields["staff"].queryset = staff_for_review(reviewer=user)  # type: ignore[attr-defined]
    filters = form.cleaned_data if form.is_valid() else {}
    events = events_for_review(
        reviewer=user,
        staff=filters.get("staff"),
        reference=filters.get("reference", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        all_actions=bool(filters.get("all_actions")),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("sida"))
    # The review is itself a read of the log, and is logged (identifiers only).
    audit_record(
        action=Action.LOG_REVIEWED,
        actor=user,
        data={
            "staff": filters["staff"].pk if filters.get("staff") else None,
            "reference": filters.get("reference") or None,
            "page": page.number,
        },
    )
    query = request.GET.copy()
    query.pop("sida", None)
    return TemplateResponse(
        request,
        "audit/log_review.html",
        {"form": form, "page": page, "query": query.urlencode(), "has_errors": bool(form.errors)},
    )
