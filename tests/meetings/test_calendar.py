import datetime
import re

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lib.roles import Role
from meetings.calendar import calendar_token_create
from meetings.models import CalendarToken, Invitation, Meeting


def _events(response) -> list:
    return Calendar.from_ical(response.content).walk("VEVENT")


def _page(response, token: str) -> str:
    """Return the page with the token and the form's CSRF value taken out, to compare two answers."""
    page = response.content.decode().replace(token, "TOKEN")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _feed(client, token: str):
    return client.get(reverse("meetings:calendar_feed", args=[token]))


def test_a_meetings_ics_has_the_copenhagen_timezone_a_stable_uid_and_its_sequence(client, sekretariat, notify_meeting):
    meeting = notify_meeting(sequence=4)
    client.force_login(sekretariat)
    response = client.get(reverse("meetings:meeting_calendar", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=PUBLISH"
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"{meeting.uid}@boligportalen"
    assert event["SEQUENCE"] == 4
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Copenhagen"
    assert b"DTSTART;TZID=Europe/Copenhagen:" in response.content
    assert event["LOCATION"] == "Rådhuset, mødelokale 1"


def test_a_cancelled_meetings_ics_says_method_cancel(client, sekretariat, notify_meeting):
    meeting = notify_meeting(status=Meeting.Status.CANCELLED, sequence=1)
    client.force_login(sekretariat)
    response = client.get(reverse("meetings:meeting_calendar", args=[meeting.pk]))
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_the_meeting_ics_is_scoped_to_those_who_see_the_meeting(
    client, notify_meeting, board_member_a, board_member_b, outsider
):
    meeting = notify_meeting(board_member_a)
    url = reverse("meetings:meeting_calendar", args=[meeting.pk])
    assert client.get(url).status_code == 302
    client.force_login(board_member_a)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    client.force_login(board_member_b)
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_the_personal_feed_holds_just_the_users_meetings_cancelled_ones_marked(
    client, notify_meeting, board_member_a, board_member_b
):
    mine = notify_meeting(board_member_a, days=5)
    cancelled = notify_meeting(board_member_a, days=8, status=Meeting.Status.CANCELLED)
    notify_meeting(board_member_b, days=6)
    token = calendar_token_create(user=board_member_a)
    response = _feed(client, token.token)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert "METHOD" not in calendar
    assert calendar["X-WR-CALNAME"] == "Boligportalen – mine møder"
    statuses = {str(event["UID"]): str(event["STATUS"]) for event in calendar.walk("VEVENT")}
    assert statuses == {f"{mine.uid}@boligportalen": "CONFIRMED", f"{cancelled.uid}@boligportalen": "CANCELLED"}
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_a_revoked_expired_replaced_or_unknown_token_answers_404_revealing_nothing(client, board_member_a):
    first = calendar_token_create(user=board_member_a)
    second = calendar_token_create(user=board_member_a)
    unknown = _feed(client, "ukendt-token")
    assert unknown.status_code == 404
    replaced = _feed(client, first.token)
    assert replaced.status_code == 404 and _page(replaced, first.token) == _page(unknown, "ukendt-token")
    assert _feed(client, second.token).status_code == 200
    CalendarToken.objects.filter(pk=second.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert _feed(client, second.token).status_code == 404
    third = calendar_token_create(user=board_member_a)
    client.force_login(board_member_a)
    client.post(reverse("meetings:calendar_subscription_revoke"))
    client.logout()
    assert _feed(client, third.token).status_code == 404


def test_the_feed_of_a_deactivated_user_answers_404(client, board_member_a):
    token = calendar_token_create(user=board_member_a)
    board_member_a.is_active = False
    board_member_a.save()
    assert _feed(client, token.token).status_code == 404


def test_the_feed_costs_the_same_queries_for_1_and_10_meetings(
    client, notify_meeting, board_member_a, django_assert_max_num_queries
):
    token = calendar_token_create(user=board_member_a)
    notify_meeting(board_member_a)
    with django_assert_max_num_queries(50) as one:
        _feed(client, token.token)
    for days in range(11, 20):
        notify_meeting(board_member_a, days=days)
    with django_assert_max_num_queries(50) as ten:
        response = _feed(client, token.token)
    assert len(_events(response)) == 10
    assert len(ten.captured_queries) == len(one.captured_queries)


def test_the_subscription_page_makes_shows_and_revokes_the_address(client, medarbejder, make_user):
    page = reverse("meetings:calendar_subscription")
    create = reverse("meetings:calendar_subscription_create")
    assert client.get(page).status_code == 302
    client.force_login(make_user("udefra", None))
    assert client.get(page).status_code == 403
    assert client.post(create).status_code == 403
    client.force_login(medarbejder)
    assert client.get(create).status_code == 405
    assert client.get(page).status_code == 200
    client.post(create)
    token = CalendarToken.objects.get(user=medarbejder, revoked_at__isnull=True)
    response = client.get(page)
    assert reverse("meetings:calendar_feed", args=[token.token]) in response.content.decode()
    client.post(reverse("meetings:calendar_subscription_revoke"))
    assert not CalendarToken.objects.filter(user=medarbejder, revoked_at__isnull=True).exists()
    assert "Du har ingen kalenderadresse." in client.get(page).content.decode()


def test_invited_guests_who_declined_still_see_the_meeting_in_their_feed(client, notify_meeting, make_user):
    guest = make_user("gaest", Role.MEDARBEJDER)
    meeting = notify_meeting(guest)
    Invitation.objects.filter(meeting=meeting).update(reply=Invitation.Reply.DECLINED)
    token = calendar_token_create(user=guest)
    assert len(_events(_feed(client, token.token))) == 1


def test_the_feed_answers_get_and_head_and_refuses_other_methods(client, board_member_a):
    token = calendar_token_create(user=board_member_a)
    url = reverse("meetings:calendar_feed", args=[token.token])
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
