"""The statistics, at /personal/statistik/ (synpunkt/urls.py), in a namespace of their own so that the staff
navigation marks them, not the categories, as the page one is on: the figures, the annual quality report and the
patterns across units."""

from django.urls import path

from quality import pattern_views, report_views, statistics_views

app_name = "statistics"
urlpatterns = [
    path("", statistics_views.statistics, name="page"),
    path("export/<slug:table>.<str:file_format>", statistics_views.statistics_export, name="export"),
    path("kvalitetsberattelse/", report_views.report_list, name="reports"),
    path("kvalitetsberattelse/<int:node_id>/<int:year>/", report_views.report, name="report"),
    path("kvalitetsberattelse/<int:node_id>/<int:year>/skriv/", report_views.report_edit, name="report_edit"),
    path("kvalitetsberattelse/<int:node_id>/<int:year>/pdf/", report_views.report_pdf, name="report_pdf"),
    path("monster/", pattern_views.patterns, name="patterns"),
]
