from django.urls import path

from sso import views

app_name = "sso"
urlpatterns = [
    path("oidc/logga-in/", views.oidc_start, name="oidc_start"),
    path("oidc/svar/", views.oidc_callback, name="oidc_callback"),
]
