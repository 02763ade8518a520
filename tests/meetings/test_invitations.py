"""Replies (in the portal and by the e-mail's link without login), ad hoc guests and attendance."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coordination.models import Person
from meetings import services
from meetings.models import AgendaItem, Invitation, Meeting, Notification
from tests.meetings.conftest import make_meeting


def _own(meeting: Meeting, user) -> Invitation:
    return meeting.invitations.get(person=user.person)


def test_invitee_replies_in_the_portal(client, member, meeting):
    client.force_login(member)
    response = client.post(f"/moeder/{meeting.pk}/svar/", {"reply": "afbud"})
    assert response.status_code == 302
    invitation = _own(meeting, member)
    assert invitation.reply == Invitation.Reply.DECLINED and invitation.replied_at is not None


def test_visible_but_not_invited_user_gets_403_on_reply(client, direktion, meeting):
    client.force_login(direktion)
    assert client.post(f"/moeder/{meeting.pk}/svar/", {"reply": "deltager"}).status_code == 403


def test_invalid_reply_stores_nothing(client, member, meeting):
    client.force_login(member)
    client.post(f"/moeder/{meeting.pk}/svar/", {"reply": "maaske"})
    assert _own(meeting, member).reply == ""


def test_reply_link_get_shows_confirmation_without_recording(client, member, meeting):
    invitation = _own(meeting, member)
    response = client.get(f"/moeder/svar/{invitation.reply_token}/", {"svar": "deltager"})
    assert response.status_code == 200
    assert "Send svar" in response.text and 'value="deltager" class="form-check-input"' in response.text
    invitation.refresh_from_db()
    assert invitation.reply == ""


def test_reply_link_post_records_without_login(client, member, meeting):
    invitation = _own(meeting, member)
    response = client.post(f"/moeder/svar/{invitation.reply_token}/", {"reply": "deltager"})
    assert response.status_code == 200
    assert "dit svar er registreret" in response.text
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.ATTENDING


def test_unknown_reply_token_is_404(client, db):
    assert client.get("/moeder/svar/ukendt-token/").status_code == 404
    assert client.post("/moeder/svar/ukendt-token/", {"reply": "afbud"}).status_code == 404


def test_reply_to_cancelled_meeting_is_refused(client, member, meeting, sekretariat):
    services.meeting_cancel(meeting=meeting, reason="Aflyst", actor=sekretariat)
    invitation = _own(meeting, member)
    response = client.post(f"/moeder/svar/{invitation.reply_token}/", {"reply": "deltager"})
    assert "aflyst" in response.text
    invitation.refresh_from_db()
    assert invitation.reply == ""


def test_reply_after_meeting_began_is_refused(member, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(services.ValidationError):
        services.invitation_reply(invitation=_own(meeting, member), reply="afbud")


@pytest.fixture
def ergoterapeut(organisations, make_user):
    user = make_user("ergo", None, name="Eva Ergoterapeut")
    user.email = "eva@example.dk"
    user.save()
    return user


def test_secretariat_invites_guest_to_one_item(
    client, sekretariat, published, item, ergoterapeut, django_capture_on_commit_callbacks
):
    client.force_login(sekretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moeder/{published.pk}/gaester/ny/",
            {"person": ergoterapeut.person.pk, "role": "ergoterapeut", "item": item.pk},
        )
    assert response.status_code == 302
    invitation = _own(published, ergoterapeut)
    assert (invitation.is_guest, invitation.guest_role, invitation.item) == (True, "ergoterapeut", item)
    # The agenda is out, so the guest is told at once, with a reply link.
    notification = Notification.objects.get(user=ergoterapeut, kind=Notification.Kind.INVITATION)
    assert notification.meeting == published
    assert invitation.reply_token in mail.outbox[-1].body
    text = client.get(published.get_absolute_url()).text
    assert "Eva Ergoterapeut" in text and "ergoterapeut (punkt 1)" in text


def test_guest_is_not_invited_twice(client, sekretariat, meeting, member):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/{meeting.pk}/gaester/ny/", {"person": member.person.pk, "role": "rådgiver"})
    assert response.status_code == 200 and "allerede inviteret" in response.text
    assert meeting.invitations.filter(person=member.person).count() == 1


def test_guest_item_of_another_meeting_is_refused(sekretariat, meeting, body, organisations):
    other = make_meeting(body, days_ahead=60)
    other_item = services.agenda_item_create(item=AgendaItem(meeting=other, title="Andet"), actor=None)
    person = Person.objects.create(name="Gæst", organisation=organisations["MTF"])
    with pytest.raises(services.ValidationError):
        services.guest_invite(meeting=meeting, person=person, role="rådgiver", item=other_item, actor=sekretariat)


def test_attendance_is_recorded_on_the_day(client, sekretariat, member, membership, published):
    client.force_login(sekretariat)
    mine, alices = _own(published, member), published.invitations.get(person=membership.person)
    response = client.post(f"/moeder/{published.pk}/fremmoede/", {"attended": [mine.pk]})
    assert response.status_code == 200 and "mødedagen" in response.text
    mine.refresh_from_db()
    assert mine.attended is None  # the meeting is weeks ahead: nothing recorded
    Meeting.objects.filter(pk=published.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now()
    )
    assert client.get(f"/moeder/{published.pk}/fremmoede/").status_code == 200
    assert client.post(f"/moeder/{published.pk}/fremmoede/", {"attended": [mine.pk]}).status_code == 302
    mine.refresh_from_db()
    alices.refresh_from_db()
    assert (mine.attended, alices.attended) == (True, False)


def test_member_without_login_gets_the_invitation_by_email_with_reply_links_and_ics(
    client, sekretariat, meeting, item, membership, django_capture_on_commit_callbacks
):
    client.force_login(sekretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moeder/{meeting.pk}/udsend/")
    token = meeting.invitations.get(person=membership.person).reply_token
    (message,) = [message for message in mail.outbox if message.to == ["alice@example.dk"]]
    assert f"/moeder/svar/{token}/?svar=deltager" in message.body
    assert message.attachments[0][0].endswith(".ics")


def test_guest_without_login_invited_after_publishing_is_emailed_once(
    client, sekretariat, published, organisations, django_capture_on_commit_callbacks
):
    from coordination.models import Person

    guest = Person.objects.create(name="Ole Rådgiver", organisation=organisations["MTF"], email="ole@example.dk")
    client.force_login(sekretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moeder/{published.pk}/gaester/ny/", {"person": guest.pk, "role": "teknisk rådgiver"})
    assert [message.to for message in mail.outbox].count(["ole@example.dk"]) == 1
