from django.urls import path

from sso import views

app_name = "sso"
urlpatterns = [
    path("oidc/logga-in/", views.oidc_start, name="oidc_start"),
    path("oidc/svar/", views.oidc_callback, name="oidc_callback"),
    path("saml/logga-in/", views.saml_start, name="saml_start"),
    path("saml/svar/", views.saml_answer, name="saml_answer"),
    path("saml/metadata/", views.saml_metadata, name="saml_metadata"),
]
