"""Exactly once, against the real services: Celery worker processes on Redis and the PostgreSQL test database.

A worker killed (SIGKILL) in the middle of a batch, then two workers started at once: every reminder ends as exactly
one notification and exactly one e-mail. A worker whose database connections are cut mid-batch (as in a PostgreSQL
restart) carries on with the next run."""

import collections
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from albertslund_bolig.celery import app as celery_app
from meetings.models import Notification, Reminder, ReminderPolicy
from meetings.reminders import reminder_policy_for_body, reminders_sync_for_meeting

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The tasks are queued to Redis for the worker processes, whatever this process does with its own tasks.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

INVITEES = 16
TASK = "meetings.tasks.send_due_reminders"
HEADER = re.compile(rb"^X-Boligportalen-Notification: (\d+)", re.MULTILINE)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(name: str, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "albertslund_bolig.settings",
        "EMAIL_BACKEND": "notify_slow_mail.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "SLOW_MAIL_MARKERS": str(tmp_path / "sending"),
        "SLOW_MAIL_SECONDS": "0.5",
        "PYTHONPATH": os.pathsep.join([str(settings.BASE_DIR), str(Path(__file__).parent)]),
    }
    command = [sys.executable, "-m", "celery", "-A", "albertslund_bolig", "worker", "--pool=solo", "-n", name]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    log = (tmp_path / f"{name.split('@')[0]}.log").open("wb")
    return subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _emails(mail_dir: Path) -> collections.Counter:
    return collections.Counter(int(m) for path in mail_dir.glob("*") for m in HEADER.findall(path.read_bytes()))


def _wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def due_batch(notify_user, notify_meeting, body, tmp_path):
    """Plan INVITEES due reminders (one meeting in two days) and make the folders the slow e-mail backend writes."""
    policy = reminder_policy_for_body(body=body)
    ReminderPolicy.objects.filter(pk=policy.pk).update(agenda_warning_days=0)
    users = [notify_user(f"medlem{number}") for number in range(INVITEES)]
    reminders_sync_for_meeting(meeting=notify_meeting(*users, days=2))
    assert Reminder.objects.count() == INVITEES
    for folder in ("mail", "sending"):
        (tmp_path / folder).mkdir()
    celery_app.control.purge()
    return tmp_path


def _sending(tmp_path: Path) -> int:
    return len(list((tmp_path / "sending").iterdir()))


def _all_done() -> bool:
    pending = Notification.objects.filter(email_wanted=True, emailed_at__isnull=True)
    return not Reminder.objects.filter(sent_at__isnull=True).exists() and not pending.exists()


def _one_notification_per_reminder() -> None:
    per_reminder = collections.Counter(Notification.objects.values_list("reminder_id", flat=True))
    assert sorted(per_reminder) == sorted(Reminder.objects.values_list("pk", flat=True))
    assert set(per_reminder.values()) == {1}


def test_a_worker_killed_mid_batch_and_two_restarted_send_each_reminder_exactly_once(due_batch):
    workers = [_start_worker("notify-a@%h", due_batch)]
    try:
        celery_app.send_task(TASK)
        # Three e-mails written, and the fourth being sent: kill the worker in the middle of that send.
        _wait_for(lambda: _sending(due_batch) >= 4, timeout=90, what="the fourth e-mail under way")
        _kill(workers[0])
        assert sum(_emails(due_batch / "mail").values()) == 3
        # The reminders were dispatched in one batch before the e-mails began: only e-mails are left, the one cut off
        # in the middle of its sending among them.
        assert not Reminder.objects.filter(sent_at__isnull=True).exists()
        assert Notification.objects.filter(email_wanted=True, emailed_at__isnull=True).count() == INVITEES - 3

        workers += [_start_worker("notify-b@%h", due_batch), _start_worker("notify-c@%h", due_batch)]
        celery_app.send_task(TASK)
        celery_app.send_task(TASK)
        _wait_for(_all_done, timeout=120, what="the restarted workers to finish")
    finally:
        for worker in workers:
            _kill(worker)
    _one_notification_per_reminder()
    emails = _emails(due_batch / "mail")
    assert sorted(emails) == sorted(Notification.objects.values_list("pk", flat=True))
    assert set(emails.values()) == {1}, f"e-mails sent more than once: {emails}"


def test_a_worker_that_loses_its_database_connection_mid_batch_carries_on(due_batch):
    worker = _start_worker("notify-d@%h", due_batch)
    try:
        celery_app.send_task(TASK)
        _wait_for(lambda: _sending(due_batch) >= 3, timeout=90, what="the third e-mail under way")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        # The run in progress fails on its dead connection; the next periodic run reconnects and finishes the batch.
        celery_app.send_task(TASK)
        _wait_for(_all_done, timeout=120, what="the worker to finish after the connection loss")
        assert worker.poll() is None, "the worker died"
    finally:
        _kill(worker)
    _one_notification_per_reminder()
    emails = _emails(due_batch / "mail")
    assert sorted(emails) == sorted(Notification.objects.values_list("pk", flat=True))
    # The e-mail being sent when the connection went could not be marked as sent, so it may go twice (with the same
    # Message-ID); no other one does.
    assert sum(count > 1 for count in emails.values()) <= 1
