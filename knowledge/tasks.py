"""Celery tasks of the knowledge app: thin wrappers around the services."""

from celery import shared_task

from knowledge import services


@shared_task
def send_weekly_digests() -> int:
    """Send last week's news digest to each subscriber not yet sent it (idempotent; catches up after downtime)."""
    return services.digests_send()
