from django.urls import path

from meetings import views

app_name = "meetings"

# Planning, agendas, invitations and replies.
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("nyt/", views.meeting_create, name="meeting_create"),
    path("planlaeg/<slug:slug>/", views.body_plan, name="body_plan"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/rediger/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/aflys/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/udsend/", views.meeting_publish, name="meeting_publish"),
    path("<int:pk>/afholdt/", views.meeting_mark_held, name="meeting_mark_held"),
    path("<int:pk>/fremmoede/", views.attendance_edit, name="attendance_edit"),
    path("<int:pk>/punkter/nyt/", views.item_create, name="item_create"),
    path("<int:pk>/gaester/ny/", views.guest_create, name="guest_create"),
    path("<int:pk>/svar/", views.invitation_reply, name="invitation_reply"),
    path("punkter/<int:pk>/rediger/", views.item_edit, name="item_edit"),
    path("punkter/<int:pk>/slet/", views.item_delete, name="item_delete"),
    path("punkter/<int:pk>/flyt/", views.item_move, name="item_move"),
    path("punkter/<int:pk>/bilag/ny/", views.attachment_upload, name="attachment_upload"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("bilag/<int:pk>/slet/", views.attachment_delete, name="attachment_delete"),
    path("svar/<str:token>/", views.reply_by_token, name="reply_by_token"),
]
