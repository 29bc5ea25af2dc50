from django.urls import path

from accessibility import views

app_name = "accessibility"
urlpatterns = [
    path("", views.statement_page, name="statement"),
    path("rapportera/", views.report, name="report"),
    path("tack/", views.thanks, name="thanks"),
]
