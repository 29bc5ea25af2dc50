from django.urls import path

from accounts import views
from audit import views as audit_views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("tvastegsverifiering/", views.otp_verify, name="otp_verify"),
    path("koppla-app/", views.otp_enrol, name="otp_enrol"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("logga-ut-overallt/", views.logout_everywhere, name="logout_everywhere"),
    path("granskning/", audit_views.log_review, name="audit_review"),
]
