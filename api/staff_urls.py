from django.urls import path

from api import views

app_name = "integrations"
urlpatterns = [
    path("", views.integrations, name="page"),
    path("<slug:slug>/", views.organisation_page, name="organisation"),
    path("<slug:slug>/nycklar/", views.token_create, name="token_create"),
    path("<slug:slug>/nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"),
    path("<slug:slug>/installationer/", views.peer_create, name="peer_create"),
    path("<slug:slug>/installationer/<int:pk>/koppla-bort/", views.peer_delete, name="peer_delete"),
    path("<slug:slug>/webhooks/", views.webhook_create, name="webhook_create"),
    path("<slug:slug>/webhooks/<int:pk>/", views.webhook_deliveries, name="webhook_deliveries"),
    path("<slug:slug>/webhooks/<int:pk>/stoppa/", views.webhook_delete, name="webhook_delete"),
]
