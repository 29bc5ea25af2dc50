from django.urls import path

from registrar import views

app_name = "registrar"
urlpatterns = [
    path("", views.register, name="register"),
    path("klart/", views.done, name="done"),
    path("kvittobrev/", views.receipt_letter, name="receipt_letter"),
]
