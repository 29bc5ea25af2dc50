from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from intake import views

app_name = "intake"


def both(route: str, view: Callable[..., HttpResponse], name: str) -> list[URLPattern]:
    """A page in standard text, and the same page in easy-to-read words under lattlast/ (as in the guide)."""
    return [
        path(route, view, {"easy": False}, name=name),
        path(f"lattlast/{route}", view, {"easy": True}, name=f"{name}_easy"),
    ]


# The easy variants come before "<slug>/", which would otherwise take "lattlast/" for a question page.
urlpatterns = [
    *both("", views.start, "start"),
    *both("till/", views.organisations, "organisations"),
    *both("till/<slug:organisation>/", views.choose, "choose"),
    *both("kontrollera/", views.check, "check"),
    *both("skickat/", views.confirmation, "confirmation"),
    *both("<slug:slug>/", views.step, "step"),
]
