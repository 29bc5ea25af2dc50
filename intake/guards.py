"""Guards on the intake's public doors: the honeypot, and rate limits.

Every page POST of the wizard counts against the scope "intake-page" and the final POST against "intake-submit"
(limits in settings.RATELIMITS, counted by core.ratelimit); over the limit the person gets a 429 page that says
when to try again, and keeps everything typed so far.
"""

import importlib
import importlib.util

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

HONEYPOT_FIELD = "website"


def honeypot_filled(request: HttpRequest) -> bool:
    """People never see the field (visually hidden, aria-hidden, out of the tab order); bots fill it in."""
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def _ratelimit_module():  # type: ignore[no-untyped-def]
    if importlib.util.find_spec("core.ratelimit") is None:
        return None
    return importlib.import_module("core.ratelimit")


def rate_limit_exceeded(request: HttpRequest, *, scope: str) -> bool:
    """Count this POST against `scope` ("intake-page", "intake-submit"); True when the client is over the limit."""
    ratelimit = _ratelimit_module()
    if ratelimit is None:
        return False
    return bool(ratelimit.limit_exceeded(request, scope=scope))


def too_many_requests(request: HttpRequest) -> HttpResponse:
    ratelimit = _ratelimit_module()
    if ratelimit is not None:
        response: HttpResponse = ratelimit.too_many_requests(request)
        return response
    return TemplateResponse(request, "intake/too_many.html", status=429)
