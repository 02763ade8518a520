"""Estates, projects and a year of meetings for the planning tests."""

import datetime

import pytest
from django.utils import timezone

from coordination.models import Body, Person
from dialogue.models import Estate
from meetings.models import ActionItem, AgendaItem, Invitation, Meeting
from planning import services
from planning.models import RenovationProject


@pytest.fixture
def estate(organisations):
    return Estate.objects.create(
        organisation=organisations["BO-VEST"],
        number="VA-01",
        name="Galgebakken",
        address="Galgebakken Sønder, 2620 Albertslund",
        units=690,
        area_m2=62000,
        year_built=1974,
    )


@pytest.fixture
def project(estate):
    return services.project_create(
        project=RenovationProject(estate=estate, title="Helhedsplan Galgebakken", budget=1000, lbf_support=600)
    )


def make_meetings(*, body: Body, year: int, count: int, person: Person) -> None:
    """Give `body` `count` held meetings in `year`, each with an invitation, a decision and an action item."""
    zone = timezone.get_current_timezone()
    for number in range(count):
        starts_at = timezone.make_aware(datetime.datetime(year, 1 + number % 12, 1 + number // 12, 9, 0), zone)
        meeting = Meeting.objects.create(
            body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), status=Meeting.Status.HELD
        )
        Invitation.objects.create(meeting=meeting, person=person, attended=number % 2 == 0)
        item = AgendaItem.objects.create(meeting=meeting, title="Status", decision="Godkendt")
        ActionItem.objects.create(
            body=body, item=item, title="Følg op", owner=person, due=starts_at.date() + datetime.timedelta(days=14)
        )
