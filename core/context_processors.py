from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from organisations.selectors import organisation_for_citizen


def site(request: HttpRequest) -> dict[str, object]:
    """The organisation this installation presents itself as: the only one, or the one the citizen chose to
    write to where it serves several (organisations.selectors.organisation_for_citizen); else none, and the
    pages say Synpunkt.

    Read only if a template uses it; a view that has the organisation at hand already (the staff case page: the
    case's own) puts it in its context as `site_organisation` instead, and no query is made."""
    return {
        "site_organisation": SimpleLazyObject(
            lambda: organisation_for_citizen(getattr(request, "session", None))
        ),
        "SITE_URL": settings.SITE_URL,
    }
