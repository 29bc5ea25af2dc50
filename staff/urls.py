from django.urls import path

from staff import views

app_name = "staff"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("arende/<int:pk>/", views.case_detail, name="case_detail"),
    path("arende/<int:pk>/logg/", views.case_log, name="case_log"),
    path(
        "arende/<int:pk>/bilaga/<int:attachment_pk>/", views.attachment_download, name="attachment_download"
    ),
]
