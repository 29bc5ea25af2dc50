from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
from cases.policy import case_visible_to
from cases.selectors import case_for_staff_read
from protection.models import ProtectedIdentity
from protection.services import protected_identity_mark


@require_http_methods(["GET", "POST"])
@staff_required
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Who in the case has protected personal details: the form (GET, for whoever may change the case; the case
    page links to it), and saving it (POST)."""
    user = request.user
    assert isinstance(user, User)
    if request.method == "GET":
        opened = case_for_staff_read(user=user, pk=pk, change=True, data={"page": "protection"})
        if opened is None:
            raise Http404
        mark = ProtectedIdentity.objects.filter(case=opened).first()
        return TemplateResponse(request, "protection/mark.html", {"case": opened, "mark": mark})
    case = case_visible_to(user, pk).first()
    if case is None:
        raise Http404
    try:
        protected_identity_mark(
            case=case,
            sender=request.POST.get("sender") == "on",
            person_concerned=request.POST.get("person_concerned") == "on",
            acting_user=user,
        )
    except PermissionDenied:
        messages.error(
            request,
            _("Only someone who may see protected personal details can take the mark away."),
        )
    else:
        messages.success(request, _("Saved who has protected personal details."))
    return redirect("staff:case_detail", pk=case.pk)
