from django.urls import path

from supervision import views

app_name = "supervision_public"
urlpatterns = [
    path("", views.report_start, name="start"),
    path("kontrollera/", views.report_check, name="check"),
    path("klart/", views.report_done, name="done"),
]
