"""Planning a body's year from its cadence: holidays and weekends moved, nothing planned twice, members invited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordination.models import Body, Membership, Person
from meetings import services
from meetings.models import Meeting
from tests.meetings.conftest import join

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def christmas_body(db):
    """Meets every 25 December at 10: always a holiday."""
    return Body.objects.create(
        name="Juleudvalget",
        slug="juleudvalget",
        kind=Body.Kind.WORKING_GROUP,
        cadence_rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",
        cadence_label="Juledag",
        cadence_start=timezone.make_aware(datetime.datetime(2009, 12, 25, 10, 0)),
    )


def test_holiday_moves_to_next_working_day():
    # 25 and 26 December are holidays; 2030-12-27 is a Friday.
    assert services.next_working_day(datetime.date(2030, 12, 25)) == datetime.date(2030, 12, 27)
    # Easter: Maundy Thursday to Easter Monday 2030 (18-22 April) -> Tuesday 23 April.
    assert services.next_working_day(datetime.date(2030, 4, 18)) == datetime.date(2030, 4, 23)


def test_weekend_moves_to_monday():
    assert services.next_working_day(datetime.date(2030, 3, 9)) == datetime.date(2030, 3, 11)


def test_working_day_stays():
    assert services.next_working_day(datetime.date(2030, 3, 12)) == datetime.date(2030, 3, 12)


def test_year_plan_moves_holiday_and_keeps_the_time(christmas_body):
    [planned] = services.year_plan(body=christmas_body, year=2030)
    local = timezone.localtime(planned.starts_at)
    assert planned.cadence_date == datetime.date(2030, 12, 25)
    assert (local.date(), local.hour) == (datetime.date(2030, 12, 27), 10)
    assert planned.moved_because == "Juledag"


def test_planning_a_year_twice_creates_the_meetings_once(body, sekretariat):
    first = services.meetings_plan_year(body=body, year=NEXT_YEAR, actor=sekretariat)
    second = services.meetings_plan_year(body=body, year=NEXT_YEAR, actor=sekretariat)
    assert len(first) == 12
    assert second == []
    assert Meeting.objects.filter(body=body).count() == 12
    for meeting in first:
        local = timezone.localtime(meeting.starts_at)
        assert services.closed_day_name(local.date()) is None
        assert local.hour == 9


def test_moved_meeting_is_not_planned_again(body, sekretariat):
    meeting = services.meetings_plan_year(body=body, year=NEXT_YEAR, actor=sekretariat)[0]
    meeting.starts_at += datetime.timedelta(days=1)
    meeting.ends_at += datetime.timedelta(days=1)
    meeting.save()
    assert services.meetings_plan_year(body=body, year=NEXT_YEAR, actor=sekretariat) == []


def test_dates_already_passed_are_not_planned(body, sekretariat):
    this_year = services.meetings_plan_year(body=body, year=timezone.localdate().year, actor=sekretariat)
    assert all(meeting.starts_at > timezone.now() for meeting in this_year)


def test_ad_hoc_body_cannot_be_planned(body, sekretariat):
    with pytest.raises(ValidationError):
        services.meetings_plan_year(body=body.parent, year=NEXT_YEAR, actor=sekretariat)


def test_planned_meetings_invite_current_members_and_stand_in_for_member_on_leave(body, membership, organisations):
    on_leave = join(body, _person(organisations, "Bente Barsel"), on_leave=True)
    stand_in = join(
        body, _person(organisations, "Stig Stedfortræder"), role=Membership.Role.STAND_IN, stands_in_for=on_leave
    )
    ad_hoc = join(body, _person(organisations, "Asta Adhoc"), role=Membership.Role.AD_HOC)
    former = join(body, _person(organisations, "Fie Fortid"))
    former.end = datetime.date(2021, 1, 1)
    former.save()
    meeting = services.meetings_plan_year(body=body, year=NEXT_YEAR, actor=None)[0]
    invited = set(meeting.invitations.values_list("person_id", flat=True))
    assert invited == {membership.person_id, stand_in.person_id}
    assert not invited & {on_leave.person_id, ad_hoc.person_id, former.person_id}


def _person(organisations, name: str) -> Person:
    return Person.objects.create(name=name, organisation=organisations["MTF"])


def test_plan_page_previews_without_creating(client, sekretariat, christmas_body):
    client.force_login(sekretariat)
    response = client.get(f"/moeder/planlaeg/{christmas_body.slug}/?year=2030")
    assert response.status_code == 200
    assert "27. december 2030" in response.text
    assert "Flyttet: Juledag" in response.text
    assert not Meeting.objects.exists()


def test_plan_page_creates_the_year(client, sekretariat, body):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/planlaeg/{body.slug}/", {"year": NEXT_YEAR, "place": "Rådhuset"})
    assert response.status_code == 302
    assert response["Location"] == f"/moeder/?organ={body.slug}"
    assert Meeting.objects.filter(body=body, place="Rådhuset").count() == 12
    client.post(f"/moeder/planlaeg/{body.slug}/", {"year": NEXT_YEAR})
    assert Meeting.objects.filter(body=body).count() == 12


def test_plan_page_refuses_ad_hoc_body_with_a_message(client, sekretariat, body):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/planlaeg/{body.parent.slug}/", {"year": NEXT_YEAR})
    assert response.status_code == 200
    assert "ad hoc" in response.text
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("role", ["medarbejder", "direktion", "board_member_a"])
def test_only_the_secretariat_plans(client, request, role, body):
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/moeder/planlaeg/{body.slug}/").status_code == 403
    assert client.post(f"/moeder/planlaeg/{body.slug}/", {"year": NEXT_YEAR}).status_code == 403
    assert not Meeting.objects.exists()


def test_plan_page_of_unknown_body_is_404(client, sekretariat):
    client.force_login(sekretariat)
    assert client.get("/moeder/planlaeg/findes-ikke/").status_code == 404


def test_plan_page_previews_this_year_by_default(client, sekretariat, body):
    client.force_login(sekretariat)
    response = client.get(f"/moeder/planlaeg/{body.slug}/")
    assert response.context["year"] == timezone.localdate().year
    assert "Møder efter kadencen i" in response.text
