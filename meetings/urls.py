from django.urls import path

from meetings import views, views_minutes, views_notify

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

# Minutes, decisions, follow-up, PDFs and archive export (meetings.views_minutes).
urlpatterns += [
    path("<int:pk>/referat/", views_minutes.minutes_detail, name="minutes_detail"),
    path("<int:pk>/referat/generelt/", views_minutes.minutes_note_edit, name="minutes_note_edit"),
    path("<int:pk>/referat/godkend/", views_minutes.minutes_approve, name="minutes_approve"),
    path("<int:pk>/referat/godkendt/", views_minutes.minutes_mark_approved, name="minutes_mark_approved"),
    path("<int:pk>/referat/ret/", views_minutes.minutes_correct, name="minutes_correct"),
    path("<int:pk>/dagsorden.pdf", views_minutes.agenda_pdf_view, name="agenda_pdf"),
    path("<int:pk>/referat.pdf", views_minutes.minutes_pdf_view, name="minutes_pdf"),
    path("<int:pk>/arkiv.zip", views_minutes.archive_export, name="archive_export"),
    path("punkter/<int:pk>/referat/", views_minutes.minutes_item_edit, name="minutes_item_edit"),
    path("punkter/<int:pk>/send-videre/", views_minutes.item_forward, name="item_forward"),
    path("punkter/<int:pk>/opgaver/ny/", views_minutes.action_create, name="action_create"),
    path("opgaver/<int:pk>/rediger/", views_minutes.action_edit, name="action_edit"),
    path("opgaver/<int:pk>/status/", views_minutes.action_status, name="action_status"),
    path("mine-opgaver/", views_minutes.action_mine, name="action_mine"),
    path("beslutninger/", views_minutes.decision_list, name="decision_list"),
    path("beslutninger.csv", views_minutes.decision_csv, name="decision_csv"),
]

# Notifications, reminder policies and calendars (meetings.views_notify).
urlpatterns += [
    path("notifikationer/", views_notify.notification_list, name="notification_list"),
    path("notifikationer/<int:pk>/laest/", views_notify.notification_read, name="notification_read"),
    path("notifikationer/alle-laest/", views_notify.notification_read_all, name="notification_read_all"),
    path("notifikationer/valg/", views_notify.notification_settings, name="notification_settings"),
    path("organer/<slug:slug>/paamindelser/", views_notify.reminder_policy_edit, name="reminder_policy_edit"),
    path("<int:pk>/kalender.ics", views_notify.meeting_calendar, name="meeting_calendar"),
    path("kalender/", views_notify.calendar_subscription, name="calendar_subscription"),
    path("kalender/ny/", views_notify.calendar_subscription_create, name="calendar_subscription_create"),
    path("kalender/tilbagekald/", views_notify.calendar_subscription_revoke, name="calendar_subscription_revoke"),
    path("kalender/<str:token>.ics", views_notify.calendar_feed, name="calendar_feed"),
]
