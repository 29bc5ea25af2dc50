from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def home(request: HttpRequest) -> HttpResponse:
    """The start page: the paths a person can take."""
    return TemplateResponse(request, "core/home.html")
