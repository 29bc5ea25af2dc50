"""The intake's honeypot. (Its rate limits are core.ratelimit's: every page POST of the wizard counts against
the scope "intake-page" and the final POST against "intake-submit", in intake/views.py.)"""

from django.http import HttpRequest

HONEYPOT_FIELD = "website"


def honeypot_filled(request: HttpRequest) -> bool:
    """People never see the field (visually hidden, aria-hidden, out of the tab order); bots fill it in."""
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())
