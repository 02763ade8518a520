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
    """Delete audit entries, login logs, expired sessions and read notifications past their retention."""
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
    # Through the app registry: lib sits below the apps and does not import them.
    notification = apps.get_model("meetings", "Notification")
    cutoff = now - datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    counts["notifikationer"] = notification.objects.filter(created__lt=cutoff, read_at__isnull=False).delete()[0]
    return counts
