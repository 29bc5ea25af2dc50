from django.urls import path

from staff import handling_views, relations, views

app_name = "staff"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("arende/<int:pk>/", views.case_detail, name="case_detail"),
    path("arende/<int:pk>/logg/", views.case_log, name="case_log"),
    path(
        "arende/<int:pk>/bilaga/<int:attachment_pk>/", views.attachment_download, name="attachment_download"
    ),
    # Handling a case: each step on a page of its own (staff.handling_views).
    path("handlaggning/<int:pk>/", handling_views.CaseHandlingView.as_view(), name="case"),
    path("handlaggning/<int:pk>/informera/", handling_views.InformView.as_view(), name="inform"),
    path("handlaggning/<int:pk>/meddelande/", handling_views.MessageView.as_view(), name="message"),
    path("handlaggning/<int:pk>/anteckning/", handling_views.NoteView.as_view(), name="note"),
    path("handlaggning/<int:pk>/atgard/", handling_views.ActionAddView.as_view(), name="action_add"),
    path(
        "handlaggning/<int:pk>/atgard/<int:action_pk>/uppfoljning/",
        handling_views.FollowUpView.as_view(),
        name="follow_up",
    ),
    path(
        "handlaggning/<int:pk>/avsluta/", handling_views.AnswerAndCloseView.as_view(), name="answer_and_close"
    ),
    path("handlaggning/<int:pk>/tacka/", handling_views.ThankAndCloseView.as_view(), name="thank_and_close"),
    path("handlaggning/<int:pk>/overlamna/", handling_views.ReassignView.as_view(), name="reassign"),
    path("handlaggning/<int:pk>/flytta/", handling_views.MoveView.as_view(), name="move"),
    path("handlaggning/<int:pk>/missforhallande/", handling_views.FlagView.as_view(), name="flag"),
    path("handlaggning/<int:pk>/nasta-steg/", handling_views.EscalateView.as_view(), name="escalate"),
    path("handlaggning/<int:pk>/aterkalla/", handling_views.WithdrawView.as_view(), name="withdraw"),
    path("handlaggning/<int:pk>/kategorier/", handling_views.CategoriseView.as_view(), name="categorise"),
    path("handlaggning/<int:pk>/relaterade/", relations.RelateView.as_view(), name="relate"),
    path(
        "handlaggning/<int:pk>/relaterade/<int:other_pk>/ta-bort/",
        relations.UnrelateView.as_view(),
        name="unrelate",
    ),
]
