from django.urls import path

from protection import views

app_name = "protection"
urlpatterns = [path("arende/<int:pk>/skyddade-personuppgifter/", views.mark, name="mark")]
