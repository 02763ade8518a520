"""Each stage of a round has a deadline, and those who must reach it are reminded through the meetings' reminder
machinery: a Reminder row with a unique key, sent once by the periodic task, moved on when the stage moves on."""

import datetime

import pytest
from django.utils import timezone

from dialogue import services
from dialogue.models import Stage
from meetings.models import Notification, Reminder
from meetings.reminders import reminders_send_due


@pytest.fixture
def early(monkeypatch):
    """The reminders are planned as on 1 January 2026, before every deadline of the 2026 round."""
    moment = timezone.make_aware(datetime.datetime(2026, 1, 1, 12, 0))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_documentation_deadline_reminds_secretariat_and_own_board_members_only(
    early, organisations, sekretariat, board_member_a, board_member_b
):
    round = services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    reminders = Reminder.objects.filter(key__startswith=f"round:{round.pk}:")
    assert set(reminders.values_list("user__username", flat=True)) == {"sekr", "bo_a"}
    due = {timezone.localtime(reminder.due_at) for reminder in reminders}
    # The package is due 31 May; the reminder goes out two weeks before, at eight in the morning.
    assert due == {timezone.make_aware(datetime.datetime(2026, 5, 17, 8, 0))}
    assert {reminder.kind for reminder in reminders} == {Notification.Kind.DIALOGUE}


def test_moving_on_replaces_the_unsent_reminder_with_the_next_stages(early, organisations, sekretariat, board_member_a):
    round = services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    services.round_advance(round=round, stage=Stage.DOCUMENTS_RECEIVED, actor=sekretariat)
    keys = set(Reminder.objects.filter(key__startswith=f"round:{round.pk}:").values_list("key", flat=True))
    # "Gennemgået" is the secretariat's own work: the board member is not reminded of it.
    assert keys == {f"round:{round.pk}:{Stage.REVIEWED}:{sekretariat.pk}"}


def test_a_due_deadline_reminder_is_sent_once_with_its_own_words(early, organisations, sekretariat, board_member_a):
    round = services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    later = timezone.make_aware(datetime.datetime(2026, 5, 18, 9, 0))
    assert reminders_send_due(now=later)["sent"] == 2
    assert reminders_send_due(now=later)["sent"] == 0
    notification = Notification.objects.get(user=board_member_a)
    assert "Dokumentation modtaget" in notification.title and "31. maj 2026" in notification.title
    assert notification.link == round.get_absolute_url()


def test_no_reminder_for_a_deadline_already_passed(organisations, sekretariat, monkeypatch):
    moment = timezone.make_aware(datetime.datetime(2026, 7, 1, 12, 0))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    round = services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    assert not Reminder.objects.filter(key__startswith=f"round:{round.pk}:").exists()
