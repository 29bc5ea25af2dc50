"""The patterns across units (issue 18.6): which units and categories rose above their own usual level, with the
cases behind each. For the statistics' readers, each within their part of the tree; anyone else gets 404. The page
lists cases by reference number, so every look at it is recorded in the audit trail (quality.services)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
from quality.forms import scope_node_label
from quality.patterns import RECENT_MONTHS, find_patterns
from quality.rise import ALPHA, MIN_RECENT
from quality.services import patterns_read_record
from quality.statistics import (
    PAST_MONTHS,
    organisation_categories,
    statistics_organisations,
    statistics_scope,
)


@never_cache
@staff_required
@require_http_methods(["GET"])
def patterns(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    organisations = statistics_organisations(user)
    if not organisations:
        raise Http404
    organisation = next(
        (o for o in organisations if o.slug == request.GET.get("organisation")), organisations[0]
    )
    scope = statistics_scope(user, organisation)
    found = find_patterns(
        user=user, scope=scope, today=timezone.localdate(), categories=organisation_categories(organisation)
    )
    patterns_read_record(
        user=user,
        organisation=organisation,
        window=found.window.codes(),
        rises=len(found.found),
        cases=found.case_count,
    )
    context = {
        "organisation": organisation,
        "organisations": organisations,
        "patterns": found,
        "rows": [
            {
                "pattern": pattern,
                "where": scope_node_label(pattern.node, scope) if pattern.node else "",
            }
            for pattern in found.found
        ],
        "recent_months": RECENT_MONTHS,
        "past_months": PAST_MONTHS,
        "min_recent": MIN_RECENT,
        "alpha_percent": f"{ALPHA * 100:g}",
    }
    response = TemplateResponse(request, "quality/patterns.html", context)
    response["Cache-Control"] = "no-store, private"
    return response
