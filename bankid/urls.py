from django.urls import path

from bankid import views

app_name = "bankid"
urlpatterns = [
    path("", views.start, name="start"),
    path("vanta/", views.wait, name="wait"),
    path("avbryt/", views.cancel, name="cancel"),
    path("fortsatt/", views.done, name="done"),
]
