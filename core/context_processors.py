from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.queries import select_one
from organisations.models import Organisation


def site(request: HttpRequest) -> dict[str, object]:
    """The organisation this installation presents itself as (the first one, for a single-tenant install).

    Read only if a template uses it; a view that has the organisation at hand already (the staff case page: the
    case's own) puts it in its context as `site_organisation` instead, and no query is made."""
    return {
        "site_organisation": SimpleLazyObject(lambda: select_one(Organisation, order_by="pk")),
        "SITE_URL": settings.SITE_URL,
    }
