"""Retention: personal data in logs is kept no longer than needed (see the privacy page)."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone

from lib.models import AuditEntry


@transaction.atomic
def retention_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete audit entries, login logs, expired sessions, notifications and sent reminders past their retention."""
    now = now or timezone.now()
    audit_cutoff = now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    log_cutoff = now - datetime.timedelta(days=settings.LOGIN_LOG_RETENTION_DAYS)
    counts = {}
    # The audit trail refuses deletion through the ORM; only this purge removes entries, past retention.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE at < %s", [audit_cutoff])
        counts["revisionsspor"] = cursor.rowcount
    counts["loginforsøg"] = sum(
        model.objects.filter(attempt_time__lt=log_cutoff).delete()[0]
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    )
    counts["sessioner"] = Session.objects.filter(expire_date__lt=now).delete()[0]
    # Through the app registry: lib sits below the apps and does not import them. The privacy page promises that
    # notifications go after a year, read or not; so do the sent reminders behind them (the sync never recreates
    # reminders that old).
    cutoff = now - datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    counts["notifikationer"] = apps.get_model("meetings", "Notification").objects.filter(created__lt=cutoff).delete()[0]
    reminders = apps.get_model("meetings", "Reminder").objects.filter(due_at__lt=cutoff)
    counts["påmindelser"] = reminders.exclude(sent_at=None, skipped_at=None).delete()[0]
    return counts
