"""Every staff session must pass the second factor before it reaches anything but the log-in pages, and ends after
STAFF_IDLE_MINUTES without a request."""

import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from accounts.decorators import second_factor_redirect

# Pages a person who has given the password but not yet the code may reach.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:login",
    "accounts:logout",
    "accounts:otp_verify",
    "accounts:otp_enrol",
    "set_language",
}


class SecondFactorRequiredMiddleware:
    """Defence in depth behind `staff_required`: a view that only asks for `login_required` (or the admin) is
    still out of reach until the session is verified with TOTP or a recovery code. Goes after OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._open(request.path_info):  # type: ignore[union-attr,attr-defined]
            return second_factor_redirect(request)
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.view_name in OPEN_BEFORE_SECOND_FACTOR


# The time of the last request of a signed-in person, in whole seconds since the epoch.
LAST_ACTIVITY_KEY = "staff_last_activity"
# A staff session is kept this long after its idle timeout, only so that a request that comes later can tell the
# person why they were logged out; the middleware refuses it as soon as the timeout has passed.
IDLE_REASON_SECONDS = 8 * 60 * 60


def idle_seconds() -> int:
    return int(settings.STAFF_IDLE_MINUTES) * 60


def logout_time(session: SessionBase) -> datetime:
    """When this session ends if nothing more happens: what every staff page says (in the time zone of the site)."""
    last = session.get(LAST_ACTIVITY_KEY)
    start = last if isinstance(last, int) else int(time.time())
    return timezone.localtime(datetime.fromtimestamp(start + idle_seconds(), tz=UTC))


class StaffIdleTimeoutMiddleware:
    """Log a member of staff out after STAFF_IDLE_MINUTES without a request, and say why on the log-in page.

    The last activity is written as core.middleware.SessionInactivityMiddleware writes its mark: at most once every
    SESSION_TOUCH_SECONDS, so that reading pages does not write the session row on every request. The time a page
    shows ("logged out at 14:32") is computed from the same mark, so it is never later than the log-out itself.
    Nothing here polls: htmx requests are made by the person (a click, a key), so they count as activity.
    Goes after AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if isinstance(last, int) and now - last >= idle_seconds():
                return self._log_out(request)
            self._touch(request.session, now, last)
        response = self.get_response(request)
        if request.user.is_authenticated and LAST_ACTIVITY_KEY not in request.session:
            self._touch(request.session, int(time.time()), None)  # signed in by this very request
        return response

    @staticmethod
    def _touch(session: SessionBase, now: int, last: object) -> None:
        if not isinstance(last, int) or now - last >= settings.SESSION_TOUCH_SECONDS:
            session[LAST_ACTIVITY_KEY] = now
            # The session outlives the idle timeout only to carry the reason; see IDLE_REASON_SECONDS.
            session.set_expiry(idle_seconds() + IDLE_REASON_SECONDS)

    @staticmethod
    def _log_out(request: HttpRequest) -> HttpResponse:
        path = request.get_full_path()
        logout(request)
        minutes = int(settings.STAFF_IDLE_MINUTES)
        messages.info(
            request,
            ngettext(
                "You were logged out after %(minutes)d minute without activity.",
                "You were logged out after %(minutes)d minutes without activity.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = redirect_to_login(path)
        if request.headers.get("HX-Request") == "true":
            # An htmx request would swap the log-in page into a part of the page: send the whole page there.
            return HttpResponseClientRedirect(response["Location"])
        return response
