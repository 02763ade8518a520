"""Celery tasks of the meetings: a few lines around the services in meetings.reminders and meetings.notifications.

The periodic tasks read their work from the database (due reminders, the e-mail outbox), not from the queue, so
they are safe to run twice at once (a second beat started by mistake) and catch up whatever a Redis outage or a
dead worker left behind.
"""

import logging

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from meetings.notifications import notifications_email, notifications_email_pending
from meetings.reminders import reminders_send_due, reminders_sync_all

logger = logging.getLogger(__name__)


def queue(task, *args) -> None:
    """Queue `task` now; when the broker is down, leave it to the periodic task."""
    try:
        task.apply_async(args=args, retry=False)
    except (OperationalError, RedisError, OSError):
        logger.warning("Køen (Redis) svarer ikke: %s sendes af den periodiske opgave", task.name)


def queue_after_commit(task, *args) -> None:
    """Queue `task` once the current transaction commits; when the broker is down, leave it to the periodic task."""
    transaction.on_commit(lambda: queue(task, *args))


@shared_task
def send_notification_emails(notification_ids: list[int]) -> int:
    return notifications_email(notification_ids=notification_ids)


@shared_task
def send_due_reminders() -> dict[str, int]:
    counts = reminders_send_due()
    counts["outbox"] = notifications_email_pending()
    return counts


@shared_task
def sync_reminders() -> int:
    return reminders_sync_all()
