"""Meetings of the Sekretariat body (from tests/conftest.py), its members and an agenda."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.models import Membership
from meetings import services
from meetings.models import AgendaItem, Meeting

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def working_day_at(days_ahead: int, hour: int = 10) -> datetime.datetime:
    """Return a working day about `days_ahead` days from now, at `hour` o'clock Copenhagen time."""
    day = services.next_working_day(timezone.localdate() + datetime.timedelta(days=days_ahead))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_meeting(body, *, days_ahead: int = 30, **fields) -> Meeting:
    starts_at = working_day_at(days_ahead)
    meeting = Meeting.objects.create(
        body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **fields
    )
    services.invitations_sync(meeting=meeting)
    return meeting


def join(body, person, **fields) -> Membership:
    return Membership.objects.create(body=body, person=person, start=datetime.date(2020, 1, 1), **fields)


@pytest.fixture
def member(medarbejder, body):
    """A Medarbejder who sits in the body."""
    join(body, medarbejder.person)
    return medarbejder


@pytest.fixture
def meeting(body, membership, member):
    return make_meeting(body, place="Rådhuset, lokale 2")


@pytest.fixture
def item(meeting):
    return services.agenda_item_create(
        item=AgendaItem(meeting=meeting, title="Status på styringsdialogen", kind=AgendaItem.Kind.INFORMATION),
        actor=None,
    )


@pytest.fixture
def closed_item(meeting, item):
    return services.agenda_item_create(
        item=AgendaItem(
            meeting=meeting, title="Konkret anvisningssag", kind=AgendaItem.Kind.DISCUSSION, is_closed=True
        ),
        actor=None,
    )


@pytest.fixture
def published(meeting, item, closed_item, sekretariat):
    return services.meeting_publish_agenda(meeting=meeting, actor=sekretariat)


@pytest.fixture
def pdf_upload():
    def make(name: str = "bilag.pdf") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")

    return make
