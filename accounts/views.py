"""Staff log-in in two steps (password, then TOTP or a recovery code), enrolment, and ending sessions."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.decorators import staff_required
from accounts.forms import CodeForm, EnrolForm, StaffAuthenticationForm
from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from audit.views import may_review_log
from core.ratelimit import ratelimit
from sso.selectors import sso_start_url

ENROL_KEY_SESSION = "accounts_enrol_key"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    try:
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    except NoReverseMatch:
        return "/"


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _posted_username(request: HttpRequest) -> str:
    return request.POST.get("username", "")[:150]


@method_decorator(ratelimit("staff-login", key=_posted_username), name="dispatch")
class LoginView(auth_views.LoginView):
    """Step one: user name and password. django-axes locks a user name out after repeated failures from one
    address; the rate limit caps attempts per address and per user name whatever the outcome."""

    template_name = "accounts/login.html"
    authentication_form = StaffAuthenticationForm

    def get_success_url(self) -> str:
        return _with_next("accounts:otp_verify", _next_url(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["sso_start_url"] = sso_start_url(context.get("next") or "")
        return context


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own log-in page would skip the staff log-in's per-user-name rate limit and its second step:
    /admin/login/ only sends people to the one staff log-in, keeping where they were going."""
    next_url = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    return redirect(_with_next("accounts:login", next_url))


def _signed_in_user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def otp_verify(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the authenticator app, or a single-use recovery code."""
    user = _signed_in_user(request)
    next_url = _next_url(request)
    if user is None:
        return redirect(_with_next("accounts:login", next_url))
    if user.is_verified():  # type: ignore[attr-defined]
        return HttpResponseRedirect(next_url)
    if not services.user_has_second_factor(user):
        return redirect(_with_next("accounts:otp_enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # django-otp makes each try after a wrong code wait longer; say so rather than "wrong code".
        throttled = any(
            not totp_device.verify_is_allowed()[0]
            for totp_device in TOTPDevice.objects.filter(user=user, confirmed=True)
        )
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            audit_record(action=Action.SIGNED_IN, actor=user, data={"device": device.__class__.__name__})
            return HttpResponseRedirect(next_url)
        form.add_error(
            "code",
            _("Too many wrong codes in a row. Wait a little, then type the code the app shows now.")
            if throttled
            else _("That code is not right. Check the app and try again, or use a recovery code."),
        )
    return TemplateResponse(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


def _qr_svg(config_url: str) -> str:
    # Imported here, not at the top: qrcode brings Pillow, some 10 MiB in every worker, for a page that a person
    # opens once, when they connect their authenticator (the bench's peak memory per worker, issue 16).
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    label = escape(_("QR code for your authenticator app"))
    # Drop the fixed size (the stylesheet sizes it) and name the image for screen readers; no style attributes.
    svg = svg.replace('width="', 'data-width="').replace('height="', 'data-height="')
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="qr-code" ', 1)


def otp_enrol(request: HttpRequest) -> HttpResponse:
    """First log-in: connect an authenticator app (QR code or typed secret), confirm with a code, get recovery
    codes. Open only to someone who has given the password and has no authenticator yet."""
    user = _signed_in_user(request)
    next_url = _next_url(request)
    if user is None:
        return redirect(_with_next("accounts:login", next_url))
    if user.is_verified() or services.user_has_second_factor(user):  # type: ignore[attr-defined]
        return redirect(_with_next("accounts:otp_verify", next_url))
    key_hex = request.session.get(ENROL_KEY_SESSION)
    if not key_hex:
        # Kept in the session only until confirmed; nothing is stored in the database before that.
        key_hex = services.totp_key_new()
        request.session[ENROL_KEY_SESSION] = key_hex
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_enrol(user=user, key_hex=key_hex, token=form.cleaned_data["code"])
        if codes is not None:
            del request.session[ENROL_KEY_SESSION]
            request.session.cycle_key()
            otp_login(request, TOTPDevice.objects.get(user=user, confirmed=True))
            # Shown once, in this response only: nothing keeps them in readable form afterwards.
            return TemplateResponse(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url}
            )
        form.add_error("code", _("That code is not right. Check the time on your phone and try again."))
    device = TOTPDevice(user=user, key=key_hex, name="authenticator")
    return TemplateResponse(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "next": next_url,
            "secret": services.totp_key_base32(key_hex),
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (generated by qrcode, no user input)
        },
    )


@staff_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's account page: end every session, reach the log review if allowed."""
    return TemplateResponse(
        request, "accounts/account.html", {"may_review_log": may_review_log(request.user)}
    )


@require_POST
@staff_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    services.sessions_end_everywhere(user=user)
    logout(request)
    messages.success(request, _("You have been logged out on every device."))
    return redirect("accounts:login")


class LogoutView(auth_views.LogoutView):
    next_page = "accounts:login"
