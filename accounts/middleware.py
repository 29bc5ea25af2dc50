"""Every staff session must pass the second factor before it reaches anything but the log-in pages."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

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
