from django.urls import URLPattern, path

from guide import views

app_name = "guide"


def both(route: str, view, name: str) -> list[URLPattern]:  # type: ignore[no-untyped-def]
    """A page in standard text, and the same page in easy-to-read Swedish under lattlast/."""
    return [
        path(route, view, {"easy": False}, name=name),
        path(f"lattlast/{route}", view, {"easy": True}, name=f"{name}_easy"),
    ]


urlpatterns = [
    *both("", views.start, "start"),
    *both("fraga/", views.question, "question"),
    *both("fraga/beslut/", views.decision_question, "decision_question"),
    *both("klagomal/", views.complaint, "complaint"),
    *both("inte-nojd/", views.not_satisfied, "not_satisfied"),
    *both("overklaga/", views.appeal, "appeal"),
    *both("overklaga/inte-ditt-beslut/", views.appeal_not_yours, "appeal_not_yours"),
    *both("overklaga/hjalp/", views.appeal_helper, "appeal_helper"),
    path("overklaga/brev/", views.appeal_letter, name="appeal_letter"),
    *both("ivo/", views.ivo, "ivo"),
    *both("patientskada/", views.patient_injury, "patient_injury"),
    *both("lex-sarah/", views.lex_sarah, "lex_sarah"),
]
