"""Minutes: written while or after the meeting is held, approved by the members, locked, corrected as revisions;
items sent on to the parent body's next meeting."""

import pytest
from django.core.exceptions import ValidationError

from lib.concurrency import StaleEdit
from meetings import minutes
from meetings.models import AgendaItem, Meeting, MinutesApproval


def _write(item: AgendaItem, text: str, decision: str = "") -> AgendaItem:
    read = item.version
    item.minutes, item.decision = text, decision
    return minutes.minutes_item_save(item=item, read_version=read)


def test_secretariat_writes_minutes_and_decision_of_held_meeting(minutes_items):
    item = _write(minutes_items[0], "Drøftet.", "Indstillingen blev godkendt.")
    item.refresh_from_db()
    assert (item.minutes, item.decision, item.version) == ("Drøftet.", "Indstillingen blev godkendt.", 2)


def test_minutes_of_meeting_being_held_can_be_written(make_minutes_meeting, body):
    meeting = make_minutes_meeting(body, status=Meeting.Status.AGENDA_PUBLISHED, days_from_now=0)
    assert minutes.minutes_are_editable(meeting)
    _write(meeting.items.first(), "Undervejs.")


@pytest.mark.parametrize(
    ("status", "days"), [(Meeting.Status.PLANNED, 10), (Meeting.Status.AGENDA_PUBLISHED, 3), ("aflyst", -1)]
)
def test_minutes_of_meeting_not_held_are_refused(make_minutes_meeting, body, status, days):
    meeting = make_minutes_meeting(body, status=status, days_from_now=days)
    with pytest.raises(ValidationError, match="først skrives"):
        _write(meeting.items.first(), "For tidligt.")
    assert AgendaItem.objects.get(pk=meeting.items.first().pk).minutes == ""


def test_stale_minutes_save_is_refused_and_keeps_the_first_text(minutes_items):
    first = AgendaItem.objects.get(pk=minutes_items[0].pk)
    second = AgendaItem.objects.get(pk=minutes_items[0].pk)
    _write(first, "Den første tekst.")
    second.minutes = "Den anden tekst."
    with pytest.raises(StaleEdit) as stale:
        minutes.minutes_item_save(item=second, read_version=1)
    assert stale.value.current.minutes == "Den første tekst."
    assert AgendaItem.objects.get(pk=first.pk).minutes == "Den første tekst."


def test_member_approval_is_time_stamped_and_minutes_wait_for_the_others(minutes_meeting, minutes_member):
    approval = minutes.minutes_approve(meeting=minutes_meeting, user=minutes_member)
    minutes_meeting.refresh_from_db()
    assert approval.person == minutes_member.person and approval.approved_at is not None
    assert minutes_meeting.status == Meeting.Status.HELD


def test_minutes_are_approved_and_locked_when_every_member_has_approved(
    minutes_meeting, minutes_member, minutes_member_two
):
    minutes.minutes_approve(meeting=minutes_meeting, user=minutes_member)
    minutes.minutes_approve(meeting=minutes_meeting, user=minutes_member_two)
    minutes_meeting.refresh_from_db()
    assert minutes_meeting.status == Meeting.Status.MINUTES_APPROVED
    assert minutes_meeting.minutes_approved_at is not None
    assert minutes_meeting.minutes_revisions.get().number == 1


def test_non_member_cannot_approve(minutes_meeting, medarbejder):
    with pytest.raises(ValidationError, match="Kun organets medlemmer"):
        minutes.minutes_approve(meeting=minutes_meeting, user=medarbejder)
    assert not MinutesApproval.objects.exists()


def test_member_cannot_approve_twice(minutes_meeting, minutes_member):
    minutes.minutes_approve(meeting=minutes_meeting, user=minutes_member)
    with pytest.raises(ValidationError, match="allerede"):
        minutes.minutes_approve(meeting=minutes_meeting, user=minutes_member)


def test_secretariat_marks_minutes_approved_with_snapshot(minutes_meeting, minutes_items, sekretariat):
    _write(minutes_items[0], "Drøftet.", "Godkendt.")
    minutes.minutes_mark_approved(meeting=minutes_meeting, actor=sekretariat)
    minutes_meeting.refresh_from_db()
    assert minutes_meeting.minutes_locked
    revision = minutes_meeting.minutes_revisions.get()
    assert revision.created_by == sekretariat
    assert revision.content["items"][0]["decision"] == "Godkendt."


def test_past_meeting_not_marked_held_becomes_approved(make_minutes_meeting, body, sekretariat):
    meeting = make_minutes_meeting(body, status=Meeting.Status.AGENDA_PUBLISHED)
    minutes.minutes_mark_approved(meeting=meeting, actor=sekretariat)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED


@pytest.fixture
def approved(minutes_meeting, minutes_items, sekretariat):
    _write(minutes_items[0], "Drøftet.", "Godkendt.")
    minutes.minutes_mark_approved(meeting=minutes_meeting, actor=sekretariat)
    minutes_meeting.refresh_from_db()
    return minutes_meeting


def test_approved_minutes_are_locked_against_edits(approved):
    item = approved.items.get(position=1)
    with pytest.raises(ValidationError, match="låst"):
        _write(item, "Ændret bagefter.")
    note = approved.version
    approved.minutes_note = "Ændret"
    with pytest.raises(ValidationError, match="låst"):
        minutes.minutes_note_save(meeting=approved, read_version=note)
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Drøftet."


def _correct(meeting, actor, *, decision: str, reason: str = "Stavefejl", read_revision: int = 1):
    texts = {item.pk: {"minutes": item.minutes, "decision": item.decision} for item in meeting.items.all()}
    first = meeting.items.get(position=1)
    texts[first.pk]["decision"] = decision
    return minutes.minutes_correct(
        meeting=meeting, note="", items=texts, reason=reason, read_revision=read_revision, actor=actor
    )


def test_correction_is_a_new_revision_and_history_shows_what_changed(approved, sekretariat):
    revision = _correct(approved, sekretariat, decision="Godkendt med en ændring.")
    assert (revision.number, revision.reason) == (2, "Stavefejl")
    assert approved.items.get(position=1).decision == "Godkendt med en ændring."
    newest, first = minutes.minutes_history(meeting=approved)
    assert (newest.revision.number, newest.revision.reason) == (2, "Stavefejl") and first.revision.number == 1
    assert [(c.field, c.before, c.after) for c in newest.changes] == [
        ("Beslutning", "Godkendt.", "Godkendt med en ændring.")
    ]
    assert newest.revision.author == (sekretariat.get_full_name() or sekretariat.username)


def test_correction_needs_a_reason_and_a_change(approved, sekretariat):
    with pytest.raises(ValidationError, match="årsagen"):
        _correct(approved, sekretariat, decision="Ny", reason=" ")
    with pytest.raises(ValidationError, match="Intet er ændret"):
        _correct(approved, sekretariat, decision="Godkendt.")
    assert approved.minutes_revisions.count() == 1


def test_correction_from_a_stale_revision_is_refused(approved, sekretariat):
    _correct(approved, sekretariat, decision="Første rettelse")
    with pytest.raises(ValidationError, match="revision 2"):
        _correct(approved, sekretariat, decision="Anden rettelse", read_revision=1)
    assert approved.items.get(position=1).decision == "Første rettelse"


def test_history_hides_changes_to_items_the_reader_cannot_see(approved, sekretariat):
    texts = {item.pk: {"minutes": item.minutes, "decision": "Lukket ændring"} for item in approved.items.all()}
    texts[approved.items.get(position=1).pk]["decision"] = "Godkendt."
    minutes.minutes_correct(meeting=approved, note="", items=texts, reason="Lukket", read_revision=1, actor=sekretariat)
    open_items = approved.items.filter(is_closed=False)
    assert minutes.minutes_history(meeting=approved, items=open_items)[0].changes == []
    assert len(minutes.minutes_history(meeting=approved)[0].changes) == 1


def test_forward_puts_item_on_parent_body_next_meeting(minutes_items, make_minutes_meeting, body):
    parent_meeting = make_minutes_meeting(body.parent, status=Meeting.Status.PLANNED, days_from_now=20, items=1)
    make_minutes_meeting(body.parent, status=Meeting.Status.CANCELLED, days_from_now=10, items=0)
    item = minutes_items[0]
    item.decision = "Sendes til styregruppen."
    item.save()
    copy = minutes.agenda_item_forward(item=item)
    assert copy.meeting == parent_meeting and copy.forwarded_from == item
    assert copy.position == 2 and copy.title == item.title
    assert "Sendes til styregruppen." in copy.background


def test_forward_twice_to_the_same_meeting_is_refused(minutes_items, make_minutes_meeting, body):
    make_minutes_meeting(body.parent, status=Meeting.Status.PLANNED, days_from_now=20, items=0)
    minutes.agenda_item_forward(item=minutes_items[0])
    with pytest.raises(ValidationError, match="allerede"):
        minutes.agenda_item_forward(item=minutes_items[0])


def test_forward_without_upcoming_parent_meeting_says_so(minutes_items, make_minutes_meeting, body):
    make_minutes_meeting(body.parent, status=Meeting.Status.HELD, days_from_now=-3, items=0)
    with pytest.raises(ValidationError, match="Intern styregruppe har intet kommende møde"):
        minutes.agenda_item_forward(item=minutes_items[0])
    assert not AgendaItem.objects.filter(forwarded_from__isnull=False).exists()


def test_forward_from_top_body_is_refused(make_minutes_meeting, body):
    meeting = make_minutes_meeting(body.parent, items=1)
    with pytest.raises(ValidationError, match="intet overordnet organ"):
        minutes.agenda_item_forward(item=meeting.items.get())


def test_member_on_leave_does_not_hold_up_approval(minutes_meeting, minutes_member, minutes_member_two):
    minutes_member_two.person.memberships.update(on_leave=True)
    minutes.minutes_approve(meeting=minutes_meeting, user=minutes_member)
    minutes_meeting.refresh_from_db()
    assert minutes_meeting.status == Meeting.Status.MINUTES_APPROVED


def test_demo_minutes_load_once_with_decisions_and_follow_up(membership):
    minutes.demo_data_load()
    minutes.demo_data_load()
    meeting = Meeting.objects.get(is_demo=True)
    assert meeting.status == Meeting.Status.MINUTES_APPROVED and meeting.minutes_revisions.count() == 1
    assert meeting.items.exclude(decision="").count() == 3
    assert {action.owner for action in meeting.body.action_items.all()} == {membership.person}
    assert meeting.invitations.get().attended is True
