"""Guards on the intake's public doors: the honeypot, and rate limits.

Every page POST of the wizard counts against the scope "intake-page" and the final POST against "intake-submit"
(limits in settings.RATELIMITS, counted by core.ratelimit); over the limit the person gets a 429 page that says
when to try again, and keeps everything typed so far.
"""

from django.http import HttpRequest, HttpResponse

from core import ratelimit

HONEYPOT_FIELD = "website"


def honeypot_filled(request: HttpRequest) -> bool:
    """People never see the field (visually hidden, aria-hidden, out of the tab order); bots fill it in."""
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def rate_limit_exceeded(request: HttpRequest, *, scope: str) -> bool:
    """Count this POST against `scope` ("intake-page", "intake-submit"); True when the client is over the limit."""
    return ratelimit.limit_exceeded(request, scope=scope)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return ratelimit.too_many_requests(request)
