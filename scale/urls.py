from django.urls import path

from scale import views

app_name = "scale"
urlpatterns = [
    path("ceiling/", views.ceiling, name="ceiling"),
]
