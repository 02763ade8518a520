import datetime

from django.utils import timezone

from lib.models import AuditEntry
from lib.retention import retention_purge
from lib.tasks import purge_expired_data

FIVE_YEARS = datetime.timedelta(days=5 * 365)


def test_audit_entries_are_kept_five_years_and_then_purged(db):
    AuditEntry.objects.create(action="login", actor_name="gammel")
    now = timezone.now()
    assert retention_purge(now=now + FIVE_YEARS - datetime.timedelta(days=1))["revisionsspor"] == 0
    assert AuditEntry.objects.filter(actor_name="gammel").exists()
    existing = AuditEntry.objects.count()
    assert retention_purge(now=now + FIVE_YEARS + datetime.timedelta(days=1))["revisionsspor"] == existing
    assert not AuditEntry.objects.exists()


def test_the_periodic_task_runs_the_purge(db):
    AuditEntry.objects.create(action="login", actor_name="i dag")
    assert purge_expired_data.delay().get()["revisionsspor"] == 0
    assert AuditEntry.objects.filter(actor_name="i dag").exists()
