from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import staff_required
from accounts.models import User
from cases.policy import case_visible_to
from protection.services import protected_identity_mark


@require_POST
@staff_required
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page's form: who in the case has protected personal details."""
    user = request.user
    assert isinstance(user, User)
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
