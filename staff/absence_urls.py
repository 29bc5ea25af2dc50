"""The manager's pages for absences and the leaving move (staff/absence_views.py), under /personal/franvaro/."""

from django.urls import path

from staff import absence_views

app_name = "absence"
urlpatterns = [
    path("", absence_views.absence_list, name="list"),
    path("ny/", absence_views.absence_new, name="new"),
    path("<int:pk>/avsluta/", absence_views.absence_finish, name="end"),
    path("overlamna/", absence_views.handover_choose, name="handover_choose"),
    path("overlamna/<int:person_pk>/", absence_views.handover, name="handover"),
]
