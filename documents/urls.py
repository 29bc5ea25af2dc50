from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("blankett/", views.paper_form, name="paper_form"),
    path("blankett/<str:language>/", views.paper_form, name="paper_form_language"),
    path("ivo-anmalan/", views.ivo_report, name="ivo_report"),
    path("ivo-anmalan/skicka/", views.ivo_report_send, name="ivo_report_send"),
    path("arende/<int:pk>/brev/<int:message_pk>/", views.message_letter, name="message_letter"),
]
