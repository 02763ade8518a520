"""Ad hoc meetings, moving, cancelling, publishing the agenda and marking a meeting held; warnings to confirm."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, Notification
from tests.meetings.conftest import join, working_day_at


def _form(starts_at: datetime.datetime, **extra) -> dict:
    local = timezone.localtime(starts_at)
    return {
        "title": "",
        "starts_at": f"{local:%Y-%m-%dT%H:%M}",
        "ends_at": f"{local + datetime.timedelta(hours=1):%Y-%m-%dT%H:%M}",
        "place": "Rådhuset",
        "online_link": "",
        "case_number": "26/00123",
        **extra,
    }


def test_secretariat_creates_ad_hoc_meeting_and_members_are_invited(client, sekretariat, body, membership):
    client.force_login(sekretariat)
    response = client.post("/moeder/nyt/", _form(working_day_at(20), body=body.pk))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.is_ad_hoc and meeting.case_number == "26/00123"
    assert list(meeting.invitations.values_list("person", flat=True)) == [membership.person_id]


@pytest.mark.parametrize(
    ("starts_at", "warning"),
    [
        (lambda: working_day_at(-3), "overstået"),
        (lambda: timezone.make_aware(datetime.datetime(2031, 12, 25, 10)), "Juledag"),
        (lambda: timezone.make_aware(datetime.datetime(2031, 3, 8, 10)), "weekend"),
    ],
)
def test_questionable_time_is_a_warning_saved_only_when_confirmed(client, sekretariat, body, starts_at, warning):
    client.force_login(sekretariat)
    data = _form(starts_at(), body=body.pk)
    response = client.post("/moeder/nyt/", data)
    assert response.status_code == 200
    assert warning in response.text and "Gem alligevel" in response.text
    assert not Meeting.objects.exists()
    response = client.post("/moeder/nyt/", {**data, "confirm": "on"})
    assert response.status_code == 302
    assert Meeting.objects.count() == 1


def test_overlapping_meeting_of_same_body_is_a_warning(client, sekretariat, meeting):
    client.force_login(sekretariat)
    data = _form(meeting.starts_at + datetime.timedelta(minutes=30), body=meeting.body_id)
    response = client.post("/moeder/nyt/", data)
    assert "overlapper" in response.text
    assert Meeting.objects.count() == 1


def test_ends_before_start_is_an_error_not_a_warning(client, sekretariat, body):
    client.force_login(sekretariat)
    data = _form(working_day_at(20), body=body.pk)
    data["ends_at"] = data["starts_at"]
    response = client.post("/moeder/nyt/", {**data, "confirm": "on"})
    assert response.status_code == 200
    assert "slutte efter" in response.text
    assert not Meeting.objects.exists()


def test_reschedule_raises_sequence_and_tells_every_invitee(client, sekretariat, member, meeting):
    client.force_login(sekretariat)
    new_time = working_day_at(45)
    response = client.post(f"/moeder/{meeting.pk}/rediger/", _form(new_time, read_version=meeting.version))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == new_time
    assert meeting.sequence == 1
    notification = Notification.objects.get(user=member)
    assert notification.kind == Notification.Kind.RESCHEDULED and notification.meeting == meeting


def test_changing_only_the_case_number_tells_nobody(client, sekretariat, member, meeting):
    client.force_login(sekretariat)
    data = _form(meeting.starts_at, read_version=meeting.version, place=meeting.place, case_number="27/1")
    data["ends_at"] = f"{timezone.localtime(meeting.ends_at):%Y-%m-%dT%H:%M}"
    assert client.post(f"/moeder/{meeting.pk}/rediger/", data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.case_number, meeting.sequence) == ("27/1", 0)
    assert not Notification.objects.exists()


def test_stale_meeting_edit_is_refused_with_both_texts(client, sekretariat, meeting):
    client.force_login(sekretariat)
    read_version = meeting.version
    meeting.place = "Kulturhuset"
    services.meeting_update(meeting=meeting, read_version=read_version, actor=sekretariat)
    response = client.post(
        f"/moeder/{meeting.pk}/rediger/", _form(meeting.starts_at, read_version=read_version, place="Biblioteket")
    )
    assert response.status_code == 200
    assert "En anden har gemt" in response.text
    assert "Kulturhuset" in response.text and "Biblioteket" in response.text
    meeting.refresh_from_db()
    assert meeting.place == "Kulturhuset"


def test_cancel_sets_status_reason_sequence_and_tells_invitees(client, sekretariat, member, meeting):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/{meeting.pk}/aflys/", {"reason": "Formanden er syg"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_reason, meeting.sequence) == ("aflyst", "Formanden er syg", 1)
    notification = Notification.objects.get(user=member)
    assert notification.kind == Notification.Kind.CANCELLED and "Formanden er syg" in notification.text


def test_cancel_without_reason_is_refused(client, sekretariat, meeting):
    client.force_login(sekretariat)
    assert client.post(f"/moeder/{meeting.pk}/aflys/", {"reason": ""}).status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_cancelled_meeting_cannot_be_cancelled_or_moved_again(sekretariat, meeting):
    services.meeting_cancel(meeting=meeting, reason="Aflyst", actor=sekretariat)
    meeting.refresh_from_db()
    with pytest.raises(services.ValidationError):
        services.meeting_cancel(meeting=meeting, reason="Igen", actor=sekretariat)
    with pytest.raises(services.ValidationError):
        services.meeting_update(meeting=meeting, read_version=meeting.version, actor=sekretariat)


def test_publish_sets_status_and_invites_with_reply_link(
    client, sekretariat, member, meeting, item, organisations, make_user, django_capture_on_commit_callbacks
):
    newcomer = make_user("ny", None)
    newcomer.email = "ny@example.dk"
    newcomer.save()
    join(meeting.body, newcomer.person)
    client.force_login(sekretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moeder/{meeting.pk}/udsend/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.agenda_published_at is not None
    assert meeting.invitations.filter(person=newcomer.person).exists()
    for user in (member, newcomer):
        assert Notification.objects.filter(user=user, kind=Notification.Kind.INVITATION).count() == 1
    token = meeting.invitations.get(person=newcomer.person).reply_token
    (message,) = [message for message in mail.outbox if message.to == ["ny@example.dk"]]
    assert f"/moeder/svar/{token}/" in message.body


def test_publish_without_items_is_refused(client, sekretariat, member, meeting):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/{meeting.pk}/udsend/", follow=True)
    assert "ingen punkter" in response.text
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert not Notification.objects.exists()


def test_publishing_twice_is_refused(sekretariat, published):
    with pytest.raises(services.ValidationError):
        services.meeting_publish_agenda(meeting=published, actor=sekretariat)


def test_meeting_is_marked_held_only_once_begun(client, sekretariat, published):
    client.force_login(sekretariat)
    client.post(f"/moeder/{published.pk}/afholdt/")
    published.refresh_from_db()
    assert published.status == Meeting.Status.AGENDA_PUBLISHED
    Meeting.objects.filter(pk=published.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1), ends_at=timezone.now()
    )
    assert client.post(f"/moeder/{published.pk}/afholdt/").status_code == 302
    published.refresh_from_db()
    assert published.status == Meeting.Status.HELD
