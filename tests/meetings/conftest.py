"""Fixtures of the meetings tests: meetings of the Sekretariat body (`body` in tests/conftest.py, whose parent is
the internal steering group), its members, agendas, and meetings for the minutes, decision and follow-up tests,
made straight with the ORM. `minutes_member` and `minutes_member_two` sit in the body; `medarbejder` and
`board_member_a` do not."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import Membership
from lib.roles import Role
from meetings import services
from meetings.models import ActionItem, AgendaItem, Invitation, Meeting

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


def join_user(user, body) -> Membership:
    """Make the user's person a current member of the body."""
    return Membership.objects.create(body=body, person=user.person, start=datetime.date(2020, 1, 1))


def page_queries(client, url: str) -> int:
    """Return how many SQL queries fetching the page takes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def assert_page_guarded(client, outsider, url: str) -> None:
    """Check that a GET page sends anonymous users to login, refuses a user without a role and refuses POST."""
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 405


@pytest.fixture
def make_minutes_meeting(db):
    """Return a factory: a meeting of `body` with `items` agenda items (the second one closed when there are two)."""

    def make(
        body,
        *,
        status: str = Meeting.Status.HELD,
        days_from_now: int = -1,
        items: int = 2,
        published: bool = True,
        **fields,
    ) -> Meeting:
        starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days_from_now)
        meeting = Meeting.objects.create(
            body=body,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="Rådhuset, mødelokale 1",
            status=status,
            agenda_published_at=starts_at - datetime.timedelta(days=7) if published else None,
            **fields,
        )
        for position in range(1, items + 1):
            AgendaItem.objects.create(
                meeting=meeting,
                position=position,
                title=f"Punkt om boligsocial indsats {position}",
                kind=AgendaItem.Kind.DECISION,
                background=f"Sagsfremstilling {position}.",
                recommendation=f"Sekretariatet indstiller {position}.",
                case_number=f"26/{1000 + position}",
                is_closed=position == 2,
            )
        return meeting

    return make


@pytest.fixture
def minutes_member(make_user, body):
    user = make_user("medlem1", Role.MEDARBEJDER, name="Bente Medlem")
    join_user(user, body)
    return user


@pytest.fixture
def minutes_member_two(make_user, body):
    user = make_user("medlem2", Role.BOLIGORGANISATION, organisation="KAB", name="Carl Medlem")
    join_user(user, body)
    return user


@pytest.fixture
def minutes_meeting(make_minutes_meeting, body, minutes_member, minutes_member_two):
    """A held meeting of the secretariat (two members), an open item 1 and a closed item 2, both invitees replied."""
    meeting = make_minutes_meeting(body, case_number="26/4711")
    Invitation.objects.create(meeting=meeting, person=minutes_member.person, reply="deltager")
    Invitation.objects.create(meeting=meeting, person=minutes_member_two.person, reply="afbud")
    return meeting


@pytest.fixture
def minutes_items(minutes_meeting):
    return list(minutes_meeting.items.order_by("position"))


@pytest.fixture
def make_action(minutes_items):
    """Make an action item of the minutes meeting's first agenda item, owned by the user, due in `days`."""

    def make(
        owner_user, *, days: int = 7, status: str = ActionItem.Status.OPEN, title: str = "Send notat"
    ) -> ActionItem:
        item = minutes_items[0]
        return ActionItem.objects.create(
            body=item.meeting.body,
            item=item,
            title=title,
            owner=owner_user.person,
            due=timezone.localdate() + datetime.timedelta(days=days),
            status=status,
        )

    return make
