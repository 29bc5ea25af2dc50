from django.urls import path

from lexsarah import views
from lexsarah.lifecycle import Operation

app_name = "lexsarah"

# Each step of a record's lifecycle is a POST to its own address (lexsarah.views.record_step).
STEP_SLUGS = {
    Operation.START_INVESTIGATION: "starta-utredning",
    Operation.RECORD_INVESTIGATION: "utredning",
    Operation.ASSESS: "bedomning",
    Operation.REPORT_TO_IVO: "anmalan-till-ivo",
    Operation.RECORD_IVO_REFERENCE: "ivo-diarienummer",
    Operation.CLOSE: "avsluta",
    Operation.LINK_CASE: "koppla-arende",
}

urlpatterns = [
    path("", views.record_list, name="list"),
    path("rapportera/", views.report_new, name="report"),
    path("rapportera/klar/", views.report_done, name="report_done"),
    path("fran-arende/<int:case_pk>/", views.report_from_case, name="report_from_case"),
    path("<int:pk>/", views.record_detail, name="detail"),
    path("<int:pk>/anmalan-till-ivo.pdf", views.ivo_report_pdf, name="ivo_report_pdf"),
    *(
        path(f"<int:pk>/{slug}/", views.record_step, {"operation": str(operation)}, name=str(operation))
        for operation, slug in STEP_SLUGS.items()
    ),
]
