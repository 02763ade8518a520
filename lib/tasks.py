"""Periodic housekeeping tasks."""

from celery import shared_task

from lib.retention import retention_purge


@shared_task
def purge_expired_data() -> dict[str, int]:
    return retention_purge()
