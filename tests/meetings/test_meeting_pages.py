"""The meetings overview, the meeting page and the start page: who sees which meeting, and bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Body, Person
from meetings import services
from meetings.models import AgendaItem, Attachment, Invitation, Meeting
from tests.meetings.conftest import join, make_meeting


@pytest.fixture
def external_body(db):
    return Body.objects.create(name="Boligforum", slug="boligforum", kind=Body.Kind.FORUM, cadence_label="Årligt")


@pytest.fixture
def forum_meeting(external_body, board_member_a):
    join(external_body, board_member_a.person)
    return make_meeting(external_body, days_ahead=40)


def test_overview_lists_upcoming_first_then_past(client, sekretariat, body, meeting):
    later = make_meeting(body, days_ahead=90, title="Senere møde")
    past = make_meeting(body, days_ahead=-60, title="Tidligere møde")
    client.force_login(sekretariat)
    response = client.get("/moeder/")
    assert response.status_code == 200
    assert [row.pk for row in response.context["page"]] == [meeting.pk, later.pk, past.pk]


def test_overview_filters_by_body(client, sekretariat, meeting, forum_meeting, external_body):
    client.force_login(sekretariat)
    response = client.get("/moeder/", {"organ": external_body.slug})
    assert [row.pk for row in response.context["page"]] == [forum_meeting.pk]
    assert "Møder i Boligforum" in response.text


def test_overview_shows_a_board_member_only_meetings_of_their_bodies(client, board_member_a, meeting, forum_meeting):
    client.force_login(board_member_a)
    assert [row.pk for row in client.get("/moeder/").context["page"]] == [forum_meeting.pk]


def test_board_member_of_other_org_gets_404_on_meeting(client, board_member_b, forum_meeting):
    client.force_login(board_member_b)
    assert client.get(forum_meeting.get_absolute_url()).status_code == 404


def test_member_sees_meeting_with_time_place_and_invitees(client, member, meeting, membership):
    client.force_login(member)
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Rådhuset, lokale 2" in response.text
    assert f"kl. {timezone.localtime(meeting.starts_at):%H.%M}" in response.text
    assert membership.person.name in response.text
    assert "Dagsordenen er ikke udsendt endnu." in response.text


def test_draft_agenda_is_hidden_from_members_but_shown_to_the_secretariat(client, member, sekretariat, item):
    client.force_login(member)
    assert item.title not in client.get(item.meeting.get_absolute_url()).text
    client.force_login(sekretariat)
    response = client.get(item.meeting.get_absolute_url())
    assert item.title in response.text and "Kladde" in response.text


def test_closed_item_is_shown_to_members_not_to_direktion(client, member, direktion, published, closed_item):
    client.force_login(member)
    assert closed_item.title in client.get(published.get_absolute_url()).text
    client.force_login(direktion)
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert closed_item.title not in response.text
    assert "Status på styringsdialogen" in response.text


def test_start_page_shows_the_users_upcoming_meetings(client, member, meeting, forum_meeting):
    client.force_login(member)
    response = client.get("/")
    assert meeting.get_absolute_url() in response.text
    assert forum_meeting.get_absolute_url() not in response.text


def test_start_page_lists_the_next_five_meetings_not_cancelled_soonest_first(
    client, member, direktion, body, external_body, meeting, forum_meeting
):
    later = [make_meeting(body, days_ahead=days, title=f"Møde om {days} dage") for days in (60, 45, 75, 90, 120)]
    make_meeting(body, days_ahead=50, title="Aflyst møde", status=Meeting.Status.CANCELLED)
    make_meeting(body, days_ahead=-10, title="Afholdt møde")
    invited = make_meeting(external_body, days_ahead=35)  # untitled: listed by its body's name
    Invitation.objects.create(meeting=invited, person=member.person)
    AgendaItem.objects.create(meeting=later[1], title="Punkt", position=1)
    services.meeting_publish_agenda(meeting=later[1], actor=None)
    client.force_login(member)
    upcoming = client.get("/").context["upcoming_meetings"]
    assert [row.pk for row in upcoming] == [meeting.pk, invited.pk, later[1].pk, later[0].pk, later[2].pk]
    assert [row.display_title for row in upcoming][1:3] == ["Boligforum", "Møde om 45 dage"]
    assert [row.agenda_is_published for row in upcoming] == [False, False, True, False, False]
    client.force_login(direktion)  # sees every meeting, so also the board's meeting it was not invited to
    assert forum_meeting.pk in [row.pk for row in client.get("/").context["upcoming_meetings"]]


def test_body_page_links_to_its_meetings_and_planning(client, sekretariat, body):
    client.force_login(sekretariat)
    response = client.get(body.get_absolute_url())
    assert f"/moeder/?organ={body.slug}" in response.text
    assert f"/moeder/planlaeg/{body.slug}/" in response.text


def _meeting_with(body, organisation, size: int, *, days_ahead: int):
    """Return a published meeting with `size` items (each with an attachment and a guest) and `size` members."""
    meeting = make_meeting(body, days_ahead=days_ahead)
    for number in range(size):
        member = Person.objects.create(name=f"Medlem {days_ahead}-{number}", organisation=organisation)
        guest = Person.objects.create(name=f"Gæst {days_ahead}-{number}", organisation=organisation)
        item = AgendaItem.objects.create(meeting=meeting, title=f"Punkt {number}", position=number, presenter=member)
        Attachment.objects.create(
            item=item, stored_name=f"m{meeting.pk}-{number}.pdf", original_name="b.pdf", content_type="x", size=1
        )
        Invitation.objects.create(meeting=meeting, person=member)
        Invitation.objects.create(meeting=meeting, person=guest, is_guest=True, guest_role="rådgiver", item=item)
    return services.meeting_publish_agenda(meeting=meeting, actor=None)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["sekretariat", "member"])
def test_overview_and_detail_queries_do_not_grow_with_data(client, request, role, body, organisations):
    client.force_login(request.getfixturevalue(role))
    small = _meeting_with(body, organisations["MTF"], 1, days_ahead=10)
    small_counts = (_queries(client, "/moeder/"), _queries(client, small.get_absolute_url()))
    large = _meeting_with(body, organisations["MTF"], 10, days_ahead=20)
    for days_ahead in range(30, 39):
        _meeting_with(body, organisations["MTF"], 1, days_ahead=days_ahead)
    large_counts = (_queries(client, "/moeder/"), _queries(client, large.get_absolute_url()))
    assert small_counts == large_counts
