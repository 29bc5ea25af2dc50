from django.urls import path

from handling import relations, views

app_name = "handling"
urlpatterns = [
    path("<int:pk>/", views.CaseHandlingView.as_view(), name="case"),
    path("<int:pk>/informera/", views.InformView.as_view(), name="inform"),
    path("<int:pk>/meddelande/", views.MessageView.as_view(), name="message"),
    path("<int:pk>/anteckning/", views.NoteView.as_view(), name="note"),
    path("<int:pk>/atgard/", views.ActionAddView.as_view(), name="action_add"),
    path("<int:pk>/atgard/<int:action_pk>/uppfoljning/", views.FollowUpView.as_view(), name="follow_up"),
    path("<int:pk>/avsluta/", views.AnswerAndCloseView.as_view(), name="answer_and_close"),
    path("<int:pk>/tacka/", views.ThankAndCloseView.as_view(), name="thank_and_close"),
    path("<int:pk>/overlamna/", views.ReassignView.as_view(), name="reassign"),
    path("<int:pk>/flytta/", views.MoveView.as_view(), name="move"),
    path("<int:pk>/missforhallande/", views.FlagView.as_view(), name="flag"),
    path("<int:pk>/nasta-steg/", views.EscalateView.as_view(), name="escalate"),
    path("<int:pk>/aterkalla/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/relaterade/", relations.RelateView.as_view(), name="relate"),
    path("<int:pk>/relaterade/<int:other_pk>/ta-bort/", relations.UnrelateView.as_view(), name="unrelate"),
]
