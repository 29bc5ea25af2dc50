"""`staff_required`: signed in with password AND the second factor. Use it (or the mixin) on every staff view."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse


def second_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}"
    )


def staff_refusal(request: HttpRequest) -> HttpResponse | None:
    """The response that turns a request away, or None when it comes from a fully signed-in member of staff."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return redirect_to_login(request.get_full_path())
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or not is_verified():
        return second_factor_redirect(request)
    return None


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Let through only staff who have passed both steps of the log-in (streaming responses too)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refusal = staff_refusal(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapped


class StaffRequiredMixin:
    """The class-based twin of `staff_required`; put it first among the bases."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = staff_refusal(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
