from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def home(request: HttpRequest) -> HttpResponse:
    """The start page: the paths a person can take."""
    return TemplateResponse(request, "core/home.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a form sent without a valid security token (an old tab, blocked cookies).

    In the site's frame and the person's language, with a plain explanation and a way back to the page the form was
    on, if that page is ours. The reason is Django's technical wording and is not shown.
    """
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("core:home")
    return render(request, "403_csrf.html", {"back_url": back}, status=403)
