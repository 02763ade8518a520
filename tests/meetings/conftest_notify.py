"""Fixtures of the notifications, reminders and calendar tests (meetings.notifications, .reminders, .calendar), loaded
by tests/conftest.py as a plugin."""

import datetime

import pytest
from django.utils import timezone

from albertslund_bolig.celery import app as celery_app
from lib.roles import Role
from meetings.models import Invitation, Meeting


@pytest.fixture
def notify_user(make_user):
    """Return a factory: an active user with a role, a person and an e-mail address."""

    def make(username: str, role: Role = Role.MEDARBEJDER, organisation: str = "MTF"):
        user = make_user(username, role, organisation=organisation)
        user.email = f"{username}@example.dk"
        user.save(update_fields=["email"])
        return user

    return make


@pytest.fixture
def notify_meeting(body):
    """Return a factory: a meeting of `body` starting `days` from now, for 2 hours, with the users invited."""

    def make(*users, days: float = 10, **fields):
        starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
        meeting = Meeting.objects.create(
            body=body,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="Rådhuset, mødelokale 1",
            **fields,
        )
        for user in users:
            Invitation.objects.create(meeting=meeting, person=user.person)
        return meeting

    return make


@pytest.fixture
def notify_broker_down():
    """Point Celery at a closed port, with tasks queued for real (not run in-process), as when Redis is stopped."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}

    def reset_pools():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    celery_app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    reset_pools()
    yield
    celery_app.conf.update(saved)
    reset_pools()
