import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Invitation, Meeting, Reminder, ReminderPolicy


def _url(body) -> str:
    return reverse("meetings:reminder_policy_edit", args=[body.slug])


def _form(**changes) -> dict:
    data = {
        "invite_on_publish": "on",
        "days_before": "3",
        "agenda_warning_days": "7",
        "minutes_due_days": "3",
        "approval_reminders": "on",
        "action_item_reminders": "on",
    }
    return {**data, **changes}


@pytest.mark.parametrize("role", ["direktion", "medarbejder", "board_member_a", "outsider"])
def test_only_the_secretariat_edits_the_policy(client, request, body, role):
    assert client.get(_url(body)).status_code == 302
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(body)).status_code == 403
    assert client.post(_url(body), _form(days_before="1")).status_code == 403
    assert not ReminderPolicy.objects.exists()


def test_the_secretariat_gets_the_default_policy_and_a_change_moves_the_reminders(
    client, sekretariat, body, notify_meeting, medarbejder
):
    meeting = notify_meeting(medarbejder, days=20)
    client.force_login(sekretariat)
    response = client.get(_url(body))
    assert response.status_code == 200 and 'value="3"' in response.content.decode()
    assert not ReminderPolicy.objects.exists()
    response = client.post(_url(body), _form(days_before="5"))
    assert response.status_code == 302
    assert ReminderPolicy.objects.get(body=body).days_before == 5
    reminder = Reminder.objects.get(meeting=meeting, user=medarbejder)
    assert reminder.due_at == meeting.starts_at - datetime.timedelta(days=5)
    assert client.delete(_url(body)).status_code == 405


def test_bad_input_is_refused_in_danish_and_nothing_stored(client, sekretariat, body):
    client.force_login(sekretariat)
    response = client.post(_url(body), _form(days_before="90", minutes_due_days="-1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vælg højst 60 dage." in page and "Formularen er ikke gemt" in page
    assert not ReminderPolicy.objects.exists()


def test_an_unknown_body_answers_404(client, sekretariat):
    client.force_login(sekretariat)
    assert client.get(reverse("meetings:reminder_policy_edit", args=["findes-ikke"])).status_code == 404


def test_with_redis_unreachable_the_page_still_saves(client, sekretariat, body, notify_broker_down, medarbejder):
    starts_at = timezone.now() + datetime.timedelta(days=1)
    meeting = Meeting.objects.create(body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1))
    Invitation.objects.create(meeting=meeting, person=medarbejder.person)
    client.force_login(sekretariat)
    response = client.post(_url(body), _form(days_before="2"))
    assert response.status_code == 302
    assert Reminder.objects.filter(meeting=meeting, user=medarbejder, sent_at__isnull=True).exists()
