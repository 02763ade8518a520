"""The Celery app. Without a broker configured, tasks run in-process (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "albertslund_bolig.settings")

app = Celery("albertslund_bolig")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
