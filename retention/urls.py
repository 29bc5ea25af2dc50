from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("", views.runs, name="runs"),
    path("ny/", views.run_start, name="run_start"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/godkann/", views.run_decide, {"decision": "approve"}, name="run_approve"),
    path("<int:pk>/avbryt/", views.run_decide, {"decision": "cancel"}, name="run_cancel"),
    path("bevarande/", views.hold_place, name="hold_place"),
    path("bevarande/<int:pk>/hav/", views.hold_lift, name="hold_lift"),
]
