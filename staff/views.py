"""The staff side: the inbox, the case page and attachment downloads. Views translate; cases.selectors reads
through the access policy; staff.services records every read in the audit trail."""

import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib.sessions.backends.base import SessionBase
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.context_processors import frame_for
from accounts.decorators import staff_required
from accounts.models import User
from audit.models import Event
from cases.models import CaseKind
from cases.selectors import (
    INBOX_PAGE_SIZE,
    SEARCH_COUNT_LIMIT,
    SORT_DEADLINE,
    SORT_NEWEST,
    SORT_OLDEST,
    TAB_MINE,
    TAB_SCOPE,
    attachment_for_staff,
    case_assignments,
    case_attachments,
    case_changes,
    case_for_staff_read,
    case_reads,
    inbox_cases,
    inbox_count,
    inform_days_left,
)
from cases.services.categories import case_categories
from protection.selectors import sender_details
from staff.forms import InboxFilterForm
from staff.presentation import (
    CountedPaginator,
    Deadline,
    actor_name,
    event_what,
    inbox_rows,
    language_name,
    page_links,
    page_range_text,
    safe_content_type,
    safe_filename,
)
from staff.selectors import handling_offer, handling_panel_data
from staff.services import attachment_download_record, case_search_record
from staff.timeline import (
    ORDER_NEWEST_FIRST,
    ORDER_OLDEST_FIRST,
    ORDERS,
    actions_to_follow_up,
    case_timeline,
    inform_period_text,
)

PAGE_SIZE = INBOX_PAGE_SIZE
# The inbox page last shown (its filters and search token, never the search text), for the case page's way back.
LAST_INBOX_SESSION_KEY = "staff_inbox_last"
# The search text never goes into a URL (it may hold a name): it is kept in the session under a random token,
# and the URL carries the token. The newest few are kept, so that back, forward and paging work.
SEARCHES_SESSION_KEY = "staff_inbox_searches"
SEARCHES_KEPT = 10


def _remember_search(session: SessionBase, text: str) -> str:
    token = secrets.token_urlsafe(9)
    searches = dict(session.get(SEARCHES_SESSION_KEY, {}))
    searches[token] = text
    session[SEARCHES_SESSION_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


def _recall_search(session: SessionBase, token: str) -> str | None:
    text = session.get(SEARCHES_SESSION_KEY, {}).get(token)
    return text if isinstance(text, str) else None


def _page_number(value: str | None) -> int:
    """The page asked for in the address: a whole number from 1. Anything else (empty, a word, 0, a negative
    number) is the first page; a number past the last page is the last page (Paginator.get_page)."""
    try:
        number = int(value or "")
    except ValueError:  # also a number too long to convert
        return 1
    return max(number, 1)


def _no_store[R: HttpResponseBase](response: R) -> R:
    # Case data must not stay in shared or browser caches.
    response["Cache-Control"] = "no-store, private"
    return response


def _held(request: HttpRequest) -> tuple[tuple[str, str], ...] | None:
    """The user's roles with their paths, as the page's frame reads them: the access policy asks the same rows,
    so that a staff page reads them once, not twice."""
    frame = frame_for(request)
    return frame.held if frame is not None else None


def _staff_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # staff_required has let only signed-in staff through
    return user


@staff_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    """The cases assigned to me, or in my part of the tree: filtered, searched, due first, a page at a time.

    GET shows a page; POST (the filter form) remembers the search text and redirects to the GET address, so that
    the search text never appears in a URL.
    """
    user = _staff_user(request)
    if request.method == "POST":
        form = InboxFilterForm(request.POST, user=user, held=_held(request))
        if form.is_valid():
            params = form.query_params()
            text = form.cleaned_data["q"]
            if text:
                params["search"] = _remember_search(request.session, text)
                case_search_record(actor=user)
            url = f"{reverse('staff:inbox')}?{urlencode(params)}"
            if not getattr(request, "htmx", False):
                return redirect(url)
            # htmx swaps the results in place; tell it the address to show in the address bar.
            response = _inbox_response(request, form, params)
            response["HX-Push-Url"] = url
            return response
        response = _inbox_response(request, form, {"tab": form.filters().tab})
        if getattr(request, "htmx", False):
            # Errors belong in the summary at the top of main: swap the whole of main, not just the results.
            response["HX-Retarget"] = "#main"
            response["HX-Reselect"] = "#main"
            response["HX-Reswap"] = "outerHTML"
        return response

    data = request.GET.copy()
    data.pop("q", None)  # a search text typed into the address bar is ignored, never used
    token = data.get("search", "")
    search_expired = False
    if token:
        text = _recall_search(request.session, token)
        if text is None:
            search_expired = True
        else:
            data["q"] = text
    form = InboxFilterForm(data, user=user, held=_held(request))
    form.is_valid()
    params = form.query_params()
    if token and not search_expired:
        params["search"] = token
    here = request.get_full_path()
    if request.session.get(LAST_INBOX_SESSION_KEY) != here:  # no session write when nothing changed
        request.session[LAST_INBOX_SESSION_KEY] = here
    return _inbox_response(
        request,
        form,
        params,
        page_number=_page_number(request.GET.get("page")),
        search_expired=search_expired,
    )


def _inbox_response(
    request: HttpRequest,
    form: InboxFilterForm,
    params: dict[str, str],
    *,
    page_number: int = 1,
    search_expired: bool = False,
) -> HttpResponse:
    """One page of the inbox: a count of the cases that match and one page of them, two queries whatever the
    page size (docs/decisions/0025)."""
    user = _staff_user(request)
    today = timezone.localdate()
    filters = form.filters()
    paths = form.scope_paths
    # A text search is counted up to a limit: a common word can match a large part of a big organisation's cases,
    # and counting them all would cost more than the page (docs/decisions/0045).
    at_most = SEARCH_COUNT_LIMIT + 1 if filters.text else None
    counted = inbox_count(user=user, filters=filters, today=today, paths=paths, at_most=at_most)
    more = at_most is not None and counted >= at_most
    paginator = CountedPaginator(
        inbox_cases(user=user, filters=filters, today=today, paths=paths),
        PAGE_SIZE,
        count=min(counted, SEARCH_COUNT_LIMIT) if more else counted,
    )
    page = paginator.get_page(page_number)
    rows = inbox_rows(list(page.object_list), today)
    base = reverse("staff:inbox")

    def url(**changes: str) -> str:
        return f"{base}?{urlencode({**params, **changes})}"

    def page_url(number: int) -> str:
        # The first page's address is the inbox's own, without a page number.
        return url(page=str(number)) if number > 1 else url()

    context: dict[str, Any] = {
        "form": form,
        "filters": filters,
        "rows": rows,
        "page": page,
        "range_text": page_range_text(page, more=more),
        "more_than": more,
        "search_limit": formats.number_format(SEARCH_COUNT_LIMIT, force_grouping=True),
        "page_links": page_links(page, page_url),
        "next_url": page_url(page.next_page_number()) if page.has_next() else None,
        "previous_url": page_url(page.previous_page_number()) if page.has_previous() else None,
        "tab_urls": {
            TAB_MINE: f"{base}?{urlencode({**params, 'tab': TAB_MINE})}",
            TAB_SCOPE: f"{base}?{urlencode({**params, 'tab': TAB_SCOPE})}",
        },
        "reset_url": f"{base}?{urlencode({'tab': filters.tab})}",
        "search_expired": search_expired,
        "TAB_MINE": TAB_MINE,
        "TAB_SCOPE": TAB_SCOPE,
        "SORT_DEADLINE": SORT_DEADLINE,
        "SORT_NEWEST": SORT_NEWEST,
        "SORT_OLDEST": SORT_OLDEST,
    }
    response = TemplateResponse(request, "staff/inbox.html", context)
    return _no_store(response)


def _last_inbox_url(request: HttpRequest) -> str:
    """Back to the inbox as it was left: the stored address, if it is still the inbox's."""
    base = reverse("staff:inbox")
    last = request.session.get(LAST_INBOX_SESSION_KEY)
    if isinstance(last, str) and (last == base or last.startswith(base + "?")):
        return last
    return base


# The order of the case page's timeline, as last chosen (?ordning=aldst or nyast): kept for the session, so that
# whoever prefers the newest first need not choose it again on every case.
TIMELINE_ORDER_SESSION_KEY = "staff_timeline_order"


def _timeline_order(request: HttpRequest) -> str:
    chosen = request.GET.get("ordning")
    if chosen in ORDERS:
        if request.session.get(TIMELINE_ORDER_SESSION_KEY) != chosen:  # no session write when nothing changed
            request.session[TIMELINE_ORDER_SESSION_KEY] = chosen
        return chosen
    stored = request.session.get(TIMELINE_ORDER_SESSION_KEY)
    return stored if stored in ORDERS else ORDER_OLDEST_FIRST


@staff_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case as a workbench: what the sender wrote and the timeline of everything since, beside the summary and
    what this reader may do. 404 for a case outside the user's part of the tree (its existence stays hidden)."""
    user = _staff_user(request)
    case = case_for_staff_read(user=user, pk=pk, held=_held(request))
    if case is None:
        raise Http404
    today = timezone.localdate()
    assignments = case_assignments(case, people=False)  # the panel reads their people with its own
    attachments = case_attachments(case)
    panel = handling_panel_data(case=case, assignments=assignments, attachments=attachments)
    offer = handling_offer(case=case, data=panel, user=user)
    order = _timeline_order(request)
    timeline = case_timeline(
        case=case,
        today=today,
        panel=panel,
        assignments=assignments,
        may_follow_up=offer.may_follow_up,
        newest_first=order == ORDER_NEWEST_FIRST,
    )
    here = reverse("staff:case_detail", args=[case.pk])
    context = {
        "case": case,
        "deadline": Deadline(case.inform_by, inform_days_left(case, today)),
        "inform_period": inform_period_text(case.organisation) if case.kind != CaseKind.PRAISE else "",
        "current_role": next((step.role_label for step in panel.ladder if step.is_current), ""),
        "event_date": case.event_date_in_words,
        "categories": case_categories(case),
        "preferred_language": language_name(case.preferred_language),
        "attachments": attachments,
        "assignments": assignments,
        "data": panel,
        "offered": offer.offered,
        "may_change": offer.may_change,
        "open_actions": actions_to_follow_up(panel.actions, today) if offer.may_follow_up else [],
        "timeline": timeline,
        "timeline_order": order,
        "timeline_urls": {value: f"{here}?ordning={value}#tidslinje" for value in ORDERS},
        "ORDER_NEWEST_FIRST": ORDER_NEWEST_FIRST,
        "ORDER_OLDEST_FIRST": ORDER_OLDEST_FIRST,
        "inbox_url": _last_inbox_url(request),
        "site_organisation": case.organisation,  # read with the case: no query of its own
        # The sender's details through the one place that hides protected ones (and audits showing them).
        "sender": sender_details(case=case, reader=user),
    }
    return _no_store(TemplateResponse(request, "staff/case_detail.html", context))


def _log_rows(events: list[Event]) -> list[tuple[Event, str, str]]:
    """Each event with who did it and what it was, in words."""
    return [(event, actor_name(event), event_what(event)) for event in events]


# The case's log shows this many of the most recent reads; the whole log is in the administrators' log review.
READS_SHOWN = 50


@staff_required
@require_GET
def case_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's audit log: everything done with it, and who has read it (the most recent reads). A page of its
    own, so that the case page does not read and show the log on every view."""
    user = _staff_user(request)
    case = case_for_staff_read(user=user, pk=pk, data={"page": "log"})
    if case is None:
        raise Http404
    context = {
        "case": case,
        "changes": _log_rows(case_changes(case)),
        "reads": _log_rows(case_reads(case, limit=READS_SHOWN)),
        "reads_shown": READS_SHOWN,
    }
    return _no_store(TemplateResponse(request, "staff/case_log.html", context))


@staff_required  # type: ignore[arg-type]  # staff_required is typed for HttpResponse, not streaming ones
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """Stream an attachment through the access policy, always as a download, never rendered by the browser."""
    user = _staff_user(request)
    attachment = attachment_for_staff(user=user, case_pk=pk, attachment_pk=attachment_pk)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    attachment_download_record(attachment=attachment, actor=user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(attachment.original_name),
        content_type=safe_content_type(attachment.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)
