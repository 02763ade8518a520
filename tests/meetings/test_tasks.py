import datetime
import logging

from django.conf import settings
from django.core import mail
from django.utils import timezone

from meetings.models import Notification, Reminder
from meetings.reminders import reminders_after_change
from meetings.tasks import queue_after_commit, send_due_reminders, send_notification_emails, sync_reminders


def test_the_beat_sends_due_reminders_every_minute_and_syncs_every_ten():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["meetings.tasks.send_due_reminders"] == 60
    assert schedule["meetings.tasks.sync_reminders"] == 600


def test_the_periodic_tasks_sync_and_send(notify_user, notify_meeting):
    anna = notify_user("anna")
    notify_meeting(anna, days=2)
    assert sync_reminders.delay().get() == 1
    counts = send_due_reminders.delay().get()
    assert counts == {"sent": 1, "skipped": 0, "failed": 0, "to_email": 1, "outbox": 0}
    assert [message.to for message in mail.outbox] == [["anna@example.dk"]]


def test_a_change_hook_plans_and_sends_at_once_after_the_commit(
    notify_user, notify_meeting, django_capture_on_commit_callbacks
):
    anna = notify_user("anna")
    meeting = notify_meeting(anna, days=20)
    meeting.agenda_published_at = timezone.now() - datetime.timedelta(seconds=1)
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_after_change(meeting=meeting)
    assert Reminder.objects.get(kind=Notification.Kind.INVITATION, user=anna).sent_at is not None
    assert mail.outbox[0].subject.startswith("Indkaldelse: Sekretariat")


def test_the_email_task_sends_only_what_is_still_in_the_outbox(notify_user):
    anna = notify_user("anna")
    notification = Notification.objects.create(user=anna, kind=Notification.Kind.NEWS, title="Nyhed", email_wanted=True)
    assert send_notification_emails.delay([notification.pk]).get() == 1
    assert send_notification_emails.delay([notification.pk]).get() == 0
    assert len(mail.outbox) == 1


def test_queueing_with_redis_unreachable_logs_a_warning_and_does_not_fail(
    db, notify_broker_down, caplog, django_capture_on_commit_callbacks
):
    started = timezone.now()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        queue_after_commit(send_due_reminders)
    assert timezone.now() - started < datetime.timedelta(seconds=3)
    assert "Redis" in caplog.text
