"""The ceiling: the barest dynamic page this server can serve, through the same middleware and settings.

Every figure of the bench is compared with this view measured in the same run, at the same concurrency, so that the
ratios say what the application costs above Django and the server themselves, whatever the machine.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")
