from django.urls import path

from records import public_views

app_name = "register"
urlpatterns = [
    path("", public_views.register_start, name="start"),
    path("<slug:slug>/", public_views.register_search, name="search"),
    path("<slug:slug>/begar-handling/", public_views.request_public, name="request"),
    path("<slug:slug>/begar-handling/klar/", public_views.request_public_done, name="request_done"),
]
