from django.urls import path

from meetings import views, views_notify  # noqa: F401

app_name = "meetings"

urlpatterns: list = []

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
