from django.conf import settings
from django.http import HttpRequest

from organisations.models import Organisation


def site(request: HttpRequest) -> dict[str, object]:
    """The organisation this installation presents itself as (the first one, for a single-tenant install)."""
    return {"site_organisation": Organisation.objects.order_by("pk").first(), "SITE_URL": settings.SITE_URL}
