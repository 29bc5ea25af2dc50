from django.urls import path

from citizen import views

app_name = "citizen"
urlpatterns = [
    path("", views.start, name="start"),
    path("arende/", views.case_page, name="case"),
    path("arende/svara/", views.reply, name="reply"),
    path("arende/nasta-steg/", views.escalate, name="escalate"),
    path("arende/aterkalla/", views.withdraw, name="withdraw"),
    path("arende/bilaga/<int:attachment_id>/", views.attachment, name="attachment"),
    path("logga-ut/", views.log_out, name="log_out"),
    path("lank/<str:token>/", views.link, name="link"),
    path("skicka-lank/", views.link_request, name="link_request"),
    path("mina-arenden/", views.my_cases, name="my_cases"),
]
