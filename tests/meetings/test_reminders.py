import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Membership
from lib.roles import Role
from meetings import reminders
from meetings.models import ActionItem, Invitation, Meeting, MinutesApproval, Notification, Reminder, ReminderPolicy
from meetings.reminders import (
    reminder_policy_for_body,
    reminders_send_due,
    reminders_sync_all,
    reminders_sync_for_action_item,
    reminders_sync_for_meeting,
)

Kind = Notification.Kind
DAY = datetime.timedelta(days=1)


@pytest.fixture
def cast(notify_user):
    return {
        "anna": notify_user("anna"),
        "bo": notify_user("bo", Role.BOLIGORGANISATION, organisation="BO-VEST"),
        "sekr": notify_user("sekretær", Role.SEKRETARIAT),
    }


def _keys(meeting: Meeting) -> dict[str, datetime.datetime]:
    return dict(Reminder.objects.filter(meeting=meeting).values_list("key", "due_at"))


def test_a_planned_meeting_gets_a_reminder_per_invitee_and_warnings_for_the_secretariat(cast, notify_meeting):
    anna, bo, sekr = cast["anna"], cast["bo"], cast["sekr"]
    meeting = notify_meeting(anna, bo)
    reminders_sync_for_meeting(meeting=meeting)
    m = meeting.pk
    assert _keys(meeting) == {
        f"meeting:{m}:before:{anna.pk}": meeting.starts_at - 3 * DAY,
        f"meeting:{m}:before:{bo.pk}": meeting.starts_at - 3 * DAY,
        f"meeting:{m}:agenda-missing:{sekr.pk}": meeting.starts_at - 7 * DAY,
        f"meeting:{m}:minutes-due:{sekr.pk}": meeting.ends_at + 3 * DAY,
    }
    assert ReminderPolicy.objects.filter(body=meeting.body, days_before=3).exists()


def test_sync_is_idempotent(cast, notify_meeting):
    meeting = notify_meeting(cast["anna"])
    first = reminders_sync_for_meeting(meeting=meeting)
    rows = list(Reminder.objects.order_by("key").values_list("pk", "key", "due_at"))
    assert reminders_sync_for_meeting(meeting=meeting) == {"created": 0, "moved": 0, "dropped": 0}
    assert first["created"] == 3
    assert list(Reminder.objects.order_by("key").values_list("pk", "key", "due_at")) == rows


def test_an_invitee_who_declined_gets_no_reminder(cast, notify_meeting):
    anna, bo = cast["anna"], cast["bo"]
    meeting = notify_meeting(anna, bo)
    reminders_sync_for_meeting(meeting=meeting)
    Invitation.objects.filter(meeting=meeting, person=bo.person).update(reply=Invitation.Reply.DECLINED)
    assert reminders_sync_for_meeting(meeting=meeting)["dropped"] == 1
    assert f"meeting:{meeting.pk}:before:{bo.pk}" not in _keys(meeting)


def test_publishing_the_agenda_plans_the_invitation_and_drops_the_missing_agenda_warning(cast, notify_meeting):
    anna, sekr = cast["anna"], cast["sekr"]
    meeting = notify_meeting(anna)
    reminders_sync_for_meeting(meeting=meeting)
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    reminders_sync_for_meeting(meeting=meeting)
    keys = _keys(meeting)
    assert keys[f"meeting:{meeting.pk}:invitation:{anna.pk}"] == meeting.agenda_published_at
    assert f"meeting:{meeting.pk}:agenda-missing:{sekr.pk}" not in keys


def test_a_reschedule_moves_unsent_reminders_and_leaves_sent_ones_alone(cast, notify_meeting):
    anna, bo = cast["anna"], cast["bo"]
    meeting = notify_meeting(anna, bo)
    reminders_sync_for_meeting(meeting=meeting)
    sent_key = f"meeting:{meeting.pk}:before:{anna.pk}"
    sent_at = timezone.now()
    Reminder.objects.filter(key=sent_key).update(sent_at=sent_at)
    meeting.starts_at += 2 * DAY
    meeting.ends_at += 2 * DAY
    meeting.save()
    reminders_sync_for_meeting(meeting=meeting)
    keys = _keys(meeting)
    assert keys[f"meeting:{meeting.pk}:before:{bo.pk}"] == meeting.starts_at - 3 * DAY
    assert keys[sent_key] == meeting.starts_at - 2 * DAY - 3 * DAY
    assert Reminder.objects.get(key=sent_key).sent_at == sent_at


def test_a_cancellation_drops_the_unsent_reminders_and_keeps_the_sent_ones(cast, notify_meeting):
    anna = cast["anna"]
    meeting = notify_meeting(anna)
    reminders_sync_for_meeting(meeting=meeting)
    sent_key = f"meeting:{meeting.pk}:before:{anna.pk}"
    Reminder.objects.filter(key=sent_key).update(sent_at=timezone.now())
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    reminders_sync_for_meeting(meeting=meeting)
    assert list(_keys(meeting)) == [sent_key]


def test_due_reminders_are_sent_once_as_a_notification_and_an_email(cast, notify_meeting):
    anna = cast["anna"]
    meeting = notify_meeting(anna, days=2)
    reminders_sync_for_meeting(meeting=meeting)
    counts = reminders_send_due()
    assert counts == {"sent": 2, "skipped": 0, "failed": 0, "to_email": 2}
    assert reminders_send_due() == {"sent": 0, "skipped": 0, "failed": 0, "to_email": 0}
    reminder = Reminder.objects.get(key=f"meeting:{meeting.pk}:before:{anna.pk}")
    notification = reminder.notifications.get()
    assert notification.user == anna and notification.kind == Kind.REMINDER and notification.meeting == meeting
    assert notification.title.startswith("Påmindelse: Sekretariat")
    assert notification.link == meeting.get_absolute_url()
    assert sorted(message.to[0] for message in mail.outbox) == ["anna@example.dk", "sekretær@example.dk"]
    assert Reminder.objects.filter(sent_at__isnull=True, due_at__lte=timezone.now()).count() == 0


def test_downtime_is_caught_up_but_a_reminder_past_the_meetings_start_is_skipped(cast, notify_meeting):
    anna = cast["anna"]
    soon = notify_meeting(anna, days=1)
    begun = notify_meeting(anna, days=-0.01)
    for meeting in (soon, begun):
        reminders_sync_for_meeting(meeting=meeting)
    counts = reminders_send_due()
    assert counts["sent"] == 2 and counts["skipped"] == 2
    skipped = Reminder.objects.filter(skipped_at__isnull=False)
    assert set(skipped.values_list("meeting", flat=True)) == {begun.pk}
    assert not Notification.objects.filter(meeting=begun).exists()
    assert set(Notification.objects.values_list("kind", flat=True)) == {Kind.REMINDER, Kind.AGENDA_MISSING}
    assert reminders_sync_for_meeting(meeting=begun)["created"] == 0


def test_a_reminder_not_yet_due_is_not_sent(cast, notify_meeting):
    notify_meeting(cast["anna"], days=30)
    reminders_sync_all()
    assert reminders_send_due() == {"sent": 0, "skipped": 0, "failed": 0, "to_email": 0}


def test_members_who_have_not_approved_the_minutes_are_reminded(cast, notify_meeting, body):
    anna, bo = cast["anna"], cast["bo"]
    meeting = notify_meeting(anna, bo, days=-5, status=Meeting.Status.HELD)
    MinutesApproval.objects.create(meeting=meeting, person=bo.person)
    reminders_sync_for_meeting(meeting=meeting)
    keys = _keys(meeting)
    assert f"meeting:{meeting.pk}:approval:{anna.pk}" in keys
    assert f"meeting:{meeting.pk}:approval:{bo.pk}" not in keys
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.save()
    reminders_sync_for_meeting(meeting=meeting)
    assert not any(":approval:" in key or ":minutes-due:" in key for key in _keys(meeting))


def test_an_action_item_reminds_its_owner_on_the_due_date_and_the_day_after(cast, body):
    anna = cast["anna"]
    due = timezone.localdate() + 5 * DAY
    item = ActionItem.objects.create(body=body, title="Send tal til LBF", owner=anna.person, due=due)
    reminders_sync_for_action_item(action_item=item)
    reminders = {r.kind: r for r in Reminder.objects.filter(action_item=item)}
    at_eight = timezone.make_aware(datetime.datetime.combine(due, datetime.time(8)))
    assert reminders[Kind.ACTION_DUE].due_at == at_eight
    assert reminders[Kind.ACTION_OVERDUE].due_at == at_eight + DAY
    assert {r.user for r in reminders.values()} == {anna}
    item.status = ActionItem.Status.DONE
    item.save()
    reminders_sync_for_action_item(action_item=item)
    assert not Reminder.objects.filter(action_item=item).exists()


def test_after_downtime_an_overdue_action_item_gets_the_overdue_reminder_only_and_a_done_one_nothing(cast, body):
    anna = cast["anna"]
    two_days_ago = timezone.localdate() - 2 * DAY
    late = ActionItem.objects.create(body=body, title="Forsinket", owner=anna.person, due=two_days_ago)
    done = ActionItem.objects.create(body=body, title="Klaret", owner=anna.person, due=two_days_ago)
    reminders_sync_all()
    ActionItem.objects.filter(pk=done.pk).update(status=ActionItem.Status.DONE)
    assert reminders_send_due() == {"sent": 1, "skipped": 3, "failed": 0, "to_email": 1}
    assert list(Notification.objects.values_list("title", flat=True)) == ["Opgave overskredet: Forsinket"]
    assert late.reminders.get(sent_at__isnull=False).kind == Kind.ACTION_OVERDUE


def test_an_action_item_due_today_is_sent_on_the_day(cast, body):
    anna = cast["anna"]
    item = ActionItem.objects.create(body=body, title="I dag", owner=anna.person, due=timezone.localdate())
    reminders_sync_for_action_item(action_item=item)
    end_of_day = timezone.make_aware(datetime.datetime.combine(item.due, datetime.time(23, 59)))
    assert reminders_send_due(now=end_of_day)["sent"] == 1
    assert Notification.objects.get().title == "Opgave med frist i dag: I dag"


def test_the_policy_decides_which_reminders_exist(cast, notify_meeting, body):
    policy = reminder_policy_for_body(body=body)
    policy.days_before = 0
    policy.agenda_warning_days = 0
    policy.save()
    meeting = notify_meeting(cast["anna"])
    reminders_sync_for_meeting(meeting=meeting)
    assert [key.split(":")[2] for key in _keys(meeting)] == ["minutes-due"]


def test_the_periodic_sync_finds_a_meeting_whose_hook_was_missed(cast, notify_meeting):
    meeting = notify_meeting(cast["anna"])
    assert reminders_sync_all() == 1
    assert Reminder.objects.filter(meeting=meeting).count() == 3


def test_reminders_go_to_the_invitees_not_to_members_without_an_invitation(cast, notify_meeting, membership):
    anna = cast["anna"]
    meeting = notify_meeting(anna)
    Membership.objects.create(body=meeting.body, person=cast["bo"].person, start=datetime.date(2020, 1, 1))
    reminders_sync_for_meeting(meeting=meeting)
    assert {r.user for r in Reminder.objects.filter(meeting=meeting, kind=Kind.REMINDER)} == {anna}


def test_a_broken_reminder_does_not_hold_up_the_others_and_stays_unsent(cast, notify_meeting, monkeypatch):
    anna, bo = cast["anna"], cast["bo"]
    meeting, other = notify_meeting(anna, days=2), notify_meeting(bo, days=2.5)
    reminders_sync_for_meeting(meeting=meeting)
    reminders_sync_for_meeting(meeting=other)
    working = reminders._content

    def content(reminder):
        if reminder.meeting_id == other.pk and reminder.kind == Kind.REMINDER:
            raise ValueError("broken template")
        return working(reminder)

    monkeypatch.setattr(reminders, "_content", content)
    # Anna's reminder and the secretariat's two warnings are sent; Bo's, about the other meeting, is not.
    assert reminders_send_due() == {"sent": 3, "skipped": 0, "failed": 1, "to_email": 3}
    broken = Reminder.objects.get(user=bo)
    assert broken.sent_at is None and not broken.notifications.exists()
    monkeypatch.setattr(reminders, "_content", working)
    assert reminders_send_due()["sent"] == 1


def test_each_reminder_reads_as_its_own_kind_and_meeting_written_once_for_all_its_recipients(
    cast, notify_meeting, notify_user, monkeypatch
):
    anna, bo, sekr = cast["anna"], cast["bo"], cast["sekr"]
    carl = notify_user("carl")
    first = notify_meeting(anna, bo, carl, days=2, title="Første møde")
    second = notify_meeting(anna, days=2.5, title="Andet møde")
    for meeting in (first, second):
        reminders_sync_for_meeting(meeting=meeting)
    written = []
    working = reminders._content
    monkeypatch.setattr(reminders, "_content", lambda reminder: written.append(reminder.pk) or working(reminder))
    assert reminders_send_due()["sent"] == 6
    notifications = Notification.objects.filter(reminder__isnull=False)
    by_user = sorted((n.user.username, n.meeting_id, n.kind, n.title, n.text) for n in notifications)
    expected = []
    for meeting, users in ((first, (anna, bo, carl)), (second, (anna,))):
        when = reminders._when(meeting.starts_at)
        for user in users:
            expected.append(
                (
                    user.username,
                    meeting.pk,
                    Kind.REMINDER,
                    f"Påmindelse: {meeting.display_title} {when}",
                    f"Husk mødet {meeting.display_title} {when}, sted: {meeting.place}.",
                )
            )
        expected.append(
            (
                sekr.username,
                meeting.pk,
                Kind.AGENDA_MISSING,
                f"Dagsorden ikke udsendt: {meeting.display_title} {when}",
                f"Dagsordenen til {meeting.display_title} {when} er endnu ikke udsendt.",
            )
        )
    assert by_user == sorted(expected)
    # Once for each kind and meeting, not for each of the 6 recipients.
    assert len(written) == 4


def _dispatch(monkeypatch, notify_user, notify_meeting, invitees: int, prefix: str) -> tuple[int, int, list]:
    """Plan one due reminder for each of `invitees` new users; return the queries sending them took, how many were
    sent, and what was handed to the e-mail task."""
    queued = []
    monkeypatch.setattr("meetings.tasks.queue", lambda task, ids: queued.append((task.name, len(ids))))
    users = [notify_user(f"{prefix}{number}") for number in range(invitees)]
    reminders_sync_for_meeting(meeting=notify_meeting(*users, days=2))
    with CaptureQueriesContext(connection) as queries:
        counts = reminders_send_due()
    assert counts["sent"] == counts["to_email"] == invitees
    return len(queries), counts["sent"], queued


def test_dispatch_takes_the_same_queries_for_1_and_10_reminders_and_queues_their_emails_once(
    monkeypatch, notify_user, notify_meeting
):
    once, sent_once, queued_once = _dispatch(monkeypatch, notify_user, notify_meeting, 1, "en")
    ten, sent_ten, queued_ten = _dispatch(monkeypatch, notify_user, notify_meeting, 10, "ti")
    assert ten == once
    assert queued_once == [("meetings.tasks.send_notification_emails", sent_once)]
    assert queued_ten == [("meetings.tasks.send_notification_emails", sent_ten)]


def test_a_batch_claims_at_most_the_batch_size_and_the_next_batch_takes_the_rest(
    monkeypatch, notify_user, notify_meeting
):
    monkeypatch.setattr(reminders, "CLAIM_BATCH", 3)
    monkeypatch.setattr("meetings.tasks.queue", lambda task, ids: None)
    users = [notify_user(f"medlem{number}") for number in range(7)]
    reminders_sync_for_meeting(meeting=notify_meeting(*users, days=2))
    assert reminders_send_due(limit=3)["sent"] == 3
    assert reminders_send_due()["sent"] == 4
    per_reminder = Notification.objects.values_list("reminder_id", flat=True)
    assert sorted(per_reminder) == sorted(Reminder.objects.values_list("pk", flat=True))
    assert len(per_reminder) == 7
