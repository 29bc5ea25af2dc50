from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("registrera/", views.register_report, name="register_report"),
    path("registrera/klart/", views.registered, name="registered"),
    path("anmalan/<int:pk>/beslut/", views.decide, name="decide"),
    path("register/", views.provider_register, name="register"),
    path("planering/", views.planning, name="planning"),
]
