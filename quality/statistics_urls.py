"""The statistics, at /personal/statistik/ (synpunkt/urls.py), in a namespace of their own so that the staff
navigation marks them, not the categories, as the page one is on."""

from django.urls import path

from quality import statistics_views

app_name = "statistics"
urlpatterns = [
    path("", statistics_views.statistics, name="page"),
    path("export/<slug:table>.<str:file_format>", statistics_views.statistics_export, name="export"),
]
