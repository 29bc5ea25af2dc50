from django.urls import path

from intake import views

app_name = "intake"
urlpatterns = [
    path("", views.start, name="start"),
    path("till/", views.organisations, name="organisations"),
    path("till/<slug:organisation>/", views.choose, name="choose"),
    path("kontrollera/", views.check, name="check"),
    path("skickat/", views.confirmation, name="confirmation"),
    path("<slug:slug>/", views.step, name="step"),
]
