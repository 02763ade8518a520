"""`make bench`'s reminder measurement (scripts/bench_inprocess.py) against the real database: every reminder
becomes one notification, and the run leaves the database as it found it, so that the next run (BENCH_REUSE)
measures the same ten-year volume."""

import datetime
import importlib.util

import pytest
from django.conf import settings
from django.utils import timezone

from meetings.models import Meeting, Notification, Reminder

pytestmark = pytest.mark.django_db(transaction=True)


def _bench_inprocess():
    path = settings.BASE_DIR / "scripts" / "bench_inprocess.py"
    spec = importlib.util.spec_from_file_location("bench_inprocess", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reminder_measurement_sends_each_once_and_leaves_the_volume_as_it_was(
    body, sekretariat, medarbejder, monkeypatch
):
    starts_at = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))
    Notification.objects.create(user=sekretariat, kind=Notification.Kind.REMINDER, title="Fra før", meeting=meeting)
    before = (Notification.objects.count(), Reminder.objects.count())
    bench = _bench_inprocess()
    monkeypatch.setattr(bench, "REMINDERS", 60)

    measured = bench.reminders()

    assert measured["påmindelser"] == measured["sendt"] == measured["notifikationer"] == 60
    assert measured["sendt_to_gange"] == 0
    assert (Notification.objects.count(), Reminder.objects.count()) == before
    assert Notification.objects.filter(title="Fra før").exists()
