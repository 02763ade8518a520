"""Settings of the Celery worker started by test_reminders_worker.py: the portal's, with the test URLs."""

from albertslund_bolig.settings import *  # noqa: F403

ROOT_URLCONF = "notify_urls"
