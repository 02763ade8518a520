from django.urls import path

from meetings import views, views_minutes  # noqa: F401

app_name = "meetings"

urlpatterns: list = []

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
