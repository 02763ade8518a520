import datetime

from django.core import mail
from django.db import transaction
from django.utils import timezone

from lib.retention import retention_purge
from meetings.models import Meeting, Notification, NotificationPreference, Reminder
from meetings.notifications import (
    notification_email_send,
    notification_preferences_save,
    notifications_email_pending,
    notify,
)
from meetings.tasks import send_due_reminders

Kind = Notification.Kind


def _notify(users, meeting=None, kind=Kind.RESCHEDULED):
    return notify(users=users, kind=kind, title="Mødet er flyttet", text="Nu kl. 10.", link="/moeder/", meeting=meeting)


def test_every_user_gets_a_kept_notification_and_a_danish_email_in_text_and_html_with_the_ics(
    notify_user, notify_meeting, django_capture_on_commit_callbacks
):
    anna, bo = notify_user("anna"), notify_user("bo")
    meeting = notify_meeting(anna, bo)
    with django_capture_on_commit_callbacks(execute=True):
        notifications = _notify([anna, bo], meeting)
    assert Notification.objects.filter(meeting=meeting, kind=Kind.RESCHEDULED).count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.dk", "bo@example.dk"]
    message = mail.outbox[0]
    assert message.subject == "Mødet er flyttet – Boligportalen"
    assert "Nu kl. 10." in message.body and "Rådhuset, mødelokale 1" in message.body
    html, html_type = message.alternatives[0]
    assert html_type == "text/html" and "<h1" in html and "Mødet er flyttet" in html
    filename, ics, ics_type = message.attachments[0]
    assert filename.endswith(".ics") and ics_type.startswith("text/calendar; method=PUBLISH")
    assert str(meeting.uid) in ics
    assert all(n.emailed_at is not None for n in Notification.objects.filter(pk__in=[n.pk for n in notifications]))


def test_a_cancelled_meeting_is_attached_with_method_cancel(
    notify_user, notify_meeting, django_capture_on_commit_callbacks
):
    anna = notify_user("anna")
    meeting = notify_meeting(anna, status=Meeting.Status.CANCELLED, sequence=2)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([anna], meeting, kind=Kind.CANCELLED)
    _filename, ics, ics_type = mail.outbox[0].attachments[0]
    assert "method=CANCEL" in ics_type
    assert "METHOD:CANCEL" in ics and "SEQUENCE:2" in ics and "STATUS:CANCELLED" in ics


def test_a_kind_switched_off_by_email_is_kept_in_the_portal_but_not_emailed(
    notify_user, django_capture_on_commit_callbacks
):
    anna = notify_user("anna")
    notification_preferences_save(user=anna, email_kinds=[Kind.INVITATION])
    with django_capture_on_commit_callbacks(execute=True):
        _notify([anna])
    notification = Notification.objects.get(user=anna)
    assert notification.email_wanted is False and mail.outbox == []
    assert NotificationPreference.objects.get(user=anna, kind=Kind.RESCHEDULED).by_email is False


def test_inactive_users_get_nothing_and_users_without_address_get_no_email(
    notify_user, django_capture_on_commit_callbacks
):
    gone, no_address = notify_user("gone"), notify_user("noaddress")
    gone.is_active = False
    gone.save()
    no_address.email = ""
    no_address.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([gone, no_address, None])
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["noaddress"]
    assert mail.outbox == []


def test_an_email_is_sent_once_however_often_it_is_asked_for(notify_user):
    anna = notify_user("anna")
    (notification,) = _notify([anna])
    assert notification_email_send(notification_id=notification.pk) is True
    assert notification_email_send(notification_id=notification.pk) is False
    assert notifications_email_pending() == 0
    assert len(mail.outbox) == 1
    assert (
        mail.outbox[0].extra_headers["Message-ID"] == f"<notifikation-{notification.pk}@boligportalen.albertslund.dk>"
    )


def test_a_failing_mail_server_leaves_the_email_in_the_outbox_for_the_next_run(notify_user, settings):
    anna = notify_user("anna")
    (notification,) = _notify([anna])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    assert notifications_email_pending() == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications_email_pending() == 1


def test_with_redis_unreachable_notify_still_works_and_the_periodic_task_sends_the_email_later(
    notify_user, notify_broker_down, django_capture_on_commit_callbacks
):
    anna = notify_user("anna")
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _notify([anna])
    assert timezone.now() - started < datetime.timedelta(seconds=3)
    assert Notification.objects.get(user=anna).emailed_at is None
    assert mail.outbox == []
    assert send_due_reminders.run()["outbox"] == 1
    assert len(mail.outbox) == 1


def test_retention_purges_notifications_and_sent_reminders_older_than_a_year_and_keeps_recent_ones(
    notify_user, settings
):
    anna = notify_user("anna")
    now = timezone.now()
    old = now - datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS + 1)
    sent = Reminder.objects.create(key="gammel", kind=Kind.REMINDER, user=anna, due_at=old, sent_at=old)
    Reminder.objects.create(key="aldrig sendt", kind=Kind.REMINDER, user=anna, due_at=old)
    Notification.objects.create(user=anna, kind=Kind.NEWS, title="gammel læst", created=old, read_at=old, reminder=sent)
    Notification.objects.create(user=anna, kind=Kind.NEWS, title="gammel ulæst", created=old)
    Notification.objects.create(user=anna, kind=Kind.NEWS, title="ny læst", created=now, read_at=now)
    counts = retention_purge(now=now)
    assert (counts["notifikationer"], counts["påmindelser"]) == (2, 1)
    assert list(Notification.objects.values_list("title", flat=True)) == ["ny læst"]
    assert list(Reminder.objects.values_list("key", flat=True)) == ["aldrig sendt"]


def test_the_invitation_email_carries_the_reply_links_of_the_recipients_invitation(
    notify_user, notify_meeting, django_capture_on_commit_callbacks
):
    anna = notify_user("anna")
    meeting = notify_meeting(anna)
    token = meeting.invitations.get().reply_token
    with django_capture_on_commit_callbacks(execute=True):
        _notify([anna], meeting, kind=Kind.INVITATION)
    message = mail.outbox[0]
    assert f"/moeder/svar/{token}/?svar=deltager" in message.body
    assert f"/moeder/svar/{token}/?svar=afbud" in message.alternatives[0][0]


def test_a_cancellation_email_has_no_reply_links(notify_user, notify_meeting, django_capture_on_commit_callbacks):
    anna = notify_user("anna")
    meeting = notify_meeting(anna, status=Meeting.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([anna], meeting, kind=Kind.CANCELLED)
    assert "?svar=" not in mail.outbox[0].body
