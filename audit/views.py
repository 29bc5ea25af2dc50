"""The log review (GDPR art. 32, OSL): an administrator sees who read which cases."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accounts.decorators import staff_required
from accounts.models import User
from audit.actions import READ_ACTIONS, Action
from audit.forms import EVERY_ACTION, READS, LogReviewFilterForm
from audit.selectors import (
    READ_RUN_GAP,
    STAFF_READ_ACTIONS,
    events_for_review,
    read_outside_own_part,
    review_rows,
    staff_for_review,
    with_run_edges,
)
from audit.services import audit_record
from organisations.models import Role, RoleAssignment

PAGE_SIZE = 50


def may_review_log(user: object) -> bool:
    """Administrators (the role, anywhere in a tree) and superusers review the log; nobody else. What an
    administrator sees is limited to their own organisations (audit.selectors.events_for_review)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()


def _actions(choice: str) -> Sequence[str] | None:
    if choice == READS:
        return READ_ACTIONS
    return None if choice == EVERY_ACTION else [choice]


@staff_required
def log_review(request: HttpRequest) -> HttpResponse:
    """The events newest first, filtered, 50 to a page; on each page repeated reads of a case by one person are
    one row (audit.selectors.review_rows). The reads outside the reader's part of the organisation are counted
    above the table, for the whole selection, and marked in it. A fixed number of queries, whatever the page
    holds."""
    user = request.user
    if not may_review_log(user):
        raise PermissionDenied
    assert isinstance(user, User)
    form = LogReviewFilterForm(request.GET or None)
    # Only the people of the organisations this person administers can be chosen (and so be named on the page).
    form.fields["staff"].queryset = staff_for_review(reviewer=user)  # type: ignore[attr-defined]
    filters = form.cleaned_data if form.is_valid() else {}
    actions = _actions(filters.get("action", READS))
    outside_only = bool(filters.get("outside_only"))
    period = {"date_from": filters.get("date_from"), "date_to": filters.get("date_to")}
    events = events_for_review(
        reviewer=user,
        staff=filters.get("staff"),
        reference=filters.get("reference", ""),
        actions=actions,
        outside_only=outside_only,
        **period,
    )
    # Shown at once, above the table: how many reads of the whole selection were outside the reader's part (one
    # more scan of the selection, as cheap as its count: the condition runs as an anti-join).
    outside = 0
    if not outside_only and (actions is None or set(actions) & set(STAFF_READ_ACTIONS)):
        outside = events.filter(read_outside_own_part()).count()
    grouped = not filters.get("each_read")
    if grouped:
        events = with_run_edges(events, **period)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("sida"))
    # Everything shown is read before this review is logged: its own event would otherwise take a place on a
    # page whose size was counted without it, and push the last row off.
    rows = review_rows(page.object_list, grouped=grouped)
    # The review is itself a read of the log, and is logged (identifiers and codes only).
    audit_record(
        action=Action.LOG_REVIEWED,
        actor=user,
        data={
            "staff": filters["staff"].pk if filters.get("staff") else None,
            "reference": filters.get("reference") or None,
            "action": filters.get("action") or None,
            "outside_only": outside_only,
            "page": page.number,
        },
    )
    query = request.GET.copy()
    query.pop("sida", None)
    outside_query = query.copy()
    outside_query["outside_only"] = "on"
    return TemplateResponse(
        request,
        "audit/log_review.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "grouped": grouped,
            "outside": outside,
            "outside_query": outside_query.urlencode(),
            "gap_minutes": int(READ_RUN_GAP.total_seconds() // 60),
            "query": query.urlencode(),
            "has_errors": bool(form.errors),
        },
    )
