"""The minutes pages: who may read, write, approve, correct and forward, and what each answer looks like."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from meetings import minutes
from meetings.models import ActionItem, AgendaItem, Meeting, MinutesApproval
from tests.meetings.conftest import page_queries


def _url(name: str, obj) -> str:
    return reverse(f"meetings:{name}", args=[obj.pk])


@pytest.mark.parametrize(
    ("name", "on_item", "method"),
    [
        ("minutes_detail", False, "get"),
        ("minutes_note_edit", False, "post"),
        ("minutes_correct", False, "post"),
        ("minutes_item_edit", True, "post"),
        ("minutes_approve", False, "post"),
        ("minutes_mark_approved", False, "post"),
        ("item_forward", True, "post"),
    ],
)
def test_anonymous_is_sent_to_login(client, minutes_items, name, on_item, method):
    obj = minutes_items[0] if on_item else minutes_items[0].meeting
    response = getattr(client, method)(_url(name, obj))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method"), [("minutes_detail", "get"), ("minutes_approve", "post")])
def test_user_without_role_is_refused(client, outsider, minutes_meeting, name, method):
    client.force_login(outsider)
    assert getattr(client, method)(_url(name, minutes_meeting)).status_code == 403


@pytest.mark.parametrize("user", ["medarbejder", "board_member_b"])
def test_minutes_of_meeting_user_cannot_see_answer_404(client, request, minutes_meeting, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(_url("minutes_detail", minutes_meeting)).status_code == 404


def test_member_reads_minutes_with_closed_item(client, minutes_member, minutes_items):
    client.force_login(minutes_member)
    response = client.get(_url("minutes_detail", minutes_items[0].meeting))
    assert response.status_code == 200
    assert minutes_items[1].title in response.text
    assert "Godkend referatet" in response.text
    assert "Skriv referat og beslutning" not in response.text


def test_direktion_reads_minutes_without_closed_item(client, direktion, minutes_items):
    client.force_login(direktion)
    response = client.get(_url("minutes_detail", minutes_items[0].meeting))
    assert response.status_code == 200
    assert minutes_items[0].title in response.text and minutes_items[1].title not in response.text


def test_draft_agenda_minutes_only_for_secretariat(client, make_minutes_meeting, body, minutes_member, sekretariat):
    meeting = make_minutes_meeting(body, status=Meeting.Status.PLANNED, days_from_now=5, published=False)
    client.force_login(minutes_member)
    assert client.get(_url("minutes_detail", meeting)).status_code == 404
    client.force_login(sekretariat)
    response = client.get(_url("minutes_detail", meeting))
    assert response.status_code == 200 and "kan skrives, når mødet holdes" in response.text


def test_minutes_detail_refuses_post(client, sekretariat, minutes_meeting):
    client.force_login(sekretariat)
    assert client.post(_url("minutes_detail", minutes_meeting)).status_code == 405


def test_member_cannot_write_minutes(client, minutes_member, minutes_items):
    client.force_login(minutes_member)
    assert client.get(_url("minutes_item_edit", minutes_items[0])).status_code == 403
    assert client.get(_url("minutes_note_edit", minutes_items[0].meeting)).status_code == 403


def test_secretariat_writes_item_minutes_through_page(client, sekretariat, minutes_items):
    client.force_login(sekretariat)
    url = _url("minutes_item_edit", minutes_items[0])
    assert client.get(url).status_code == 200
    response = client.post(url, {"minutes": "Drøftet grundigt.", "decision": "Godkendt.", "read_version": 1})
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=minutes_items[0].pk).decision == "Godkendt."
    assert client.delete(url).status_code == 405


def test_stale_item_save_shows_both_texts_and_stores_nothing(client, sekretariat, minutes_items):
    item = minutes_items[0]
    item.minutes = "Kollegaens tekst."
    minutes.minutes_item_save(item=item, read_version=1)
    client.force_login(sekretariat)
    response = client.post(
        _url("minutes_item_edit", item), {"minutes": "Min tekst.", "decision": "", "read_version": 1}
    )
    assert response.status_code == 409
    assert "Kollegaens tekst." in response.text and "Min tekst." in response.text
    assert "En anden har gemt ændringer" in response.text
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Kollegaens tekst."


def test_secretariat_writes_general_note(client, sekretariat, minutes_meeting):
    client.force_login(sekretariat)
    url = _url("minutes_note_edit", minutes_meeting)
    assert client.get(url).status_code == 200
    response = client.post(url, {"minutes_note": "Mødet startede 10 minutter forsinket.", "read_version": 1})
    assert response.status_code == 302
    minutes_meeting.refresh_from_db()
    assert minutes_meeting.minutes_note.startswith("Mødet startede")


def test_edit_of_locked_minutes_is_refused_with_message(client, sekretariat, minutes_items):
    minutes.minutes_mark_approved(meeting=minutes_items[0].meeting, actor=sekretariat)
    client.force_login(sekretariat)
    response = client.post(_url("minutes_item_edit", minutes_items[0]), {"minutes": "Sent.", "read_version": 1})
    assert response.status_code == 400 and "låst" in response.text
    assert AgendaItem.objects.get(pk=minutes_items[0].pk).minutes == ""


def test_member_approves_through_page(client, minutes_member, minutes_meeting):
    client.force_login(minutes_member)
    assert client.get(_url("minutes_approve", minutes_meeting)).status_code == 405
    response = client.post(_url("minutes_approve", minutes_meeting), follow=True)
    assert "Du har godkendt referatet." in response.text
    assert MinutesApproval.objects.filter(meeting=minutes_meeting, person=minutes_member.person).exists()
    assert "Godkend referatet" not in response.text


def test_secretariat_who_is_not_member_cannot_approve_as_member(client, sekretariat, minutes_meeting):
    client.force_login(sekretariat)
    assert client.post(_url("minutes_approve", minutes_meeting)).status_code == 403


def test_secretariat_marks_minutes_approved_through_page(client, sekretariat, minutes_member, minutes_meeting):
    client.force_login(minutes_member)
    assert client.post(_url("minutes_mark_approved", minutes_meeting)).status_code == 403
    client.force_login(sekretariat)
    assert client.get(_url("minutes_mark_approved", minutes_meeting)).status_code == 405
    response = client.post(_url("minutes_mark_approved", minutes_meeting), follow=True)
    assert "Referatet er godkendt og låst." in response.text
    assert "Ret referatet (ny revision)" in response.text
    minutes_meeting.refresh_from_db()
    assert minutes_meeting.status == Meeting.Status.MINUTES_APPROVED


def test_correction_page_saves_a_revision_shown_in_history(client, sekretariat, minutes_member, minutes_items):
    meeting = minutes_items[0].meeting
    client.force_login(sekretariat)
    url = _url("minutes_correct", meeting)
    assert client.get(url).status_code == 302  # not approved yet: corrected directly
    minutes.minutes_mark_approved(meeting=meeting, actor=sekretariat)
    assert client.get(url).status_code == 200
    data = {"read_revision": 1, "reason": "Forkert beløb", "note": ""}
    for item in minutes_items:
        data[f"minutes_{item.pk}"] = ""
        data[f"decision_{item.pk}"] = "Bevilget 200.000 kr." if item.position == 1 else ""
    response = client.post(url, data, follow=True)
    assert "ny revision" in response.text
    assert "Forkert beløb" in response.text and "Bevilget 200.000 kr." in response.text
    assert meeting.minutes_revisions.count() == 2
    client.force_login(minutes_member)
    assert client.get(url).status_code == 403


def test_correction_without_reason_is_refused(client, sekretariat, minutes_items):
    meeting = minutes_items[0].meeting
    minutes.minutes_mark_approved(meeting=meeting, actor=sekretariat)
    client.force_login(sekretariat)
    response = client.post(_url("minutes_correct", meeting), {"read_revision": 1, "reason": ""})
    assert response.status_code == 400
    assert meeting.minutes_revisions.count() == 1


def test_forward_through_page_tells_when_parent_has_no_meeting(client, sekretariat, minutes_member, minutes_items):
    client.force_login(minutes_member)
    assert client.post(_url("item_forward", minutes_items[0])).status_code == 403
    client.force_login(sekretariat)
    assert client.get(_url("item_forward", minutes_items[0])).status_code == 405
    response = client.post(_url("item_forward", minutes_items[0]), follow=True)
    assert "Intern styregruppe har intet kommende møde" in response.text


def test_forward_through_page_creates_item(client, sekretariat, minutes_items, make_minutes_meeting, body):
    target = make_minutes_meeting(body.parent, status=Meeting.Status.PLANNED, days_from_now=30, items=0)
    client.force_login(sekretariat)
    response = client.post(_url("item_forward", minutes_items[0]), follow=True)
    assert "er sendt videre" in response.text
    assert target.items.get().forwarded_from == minutes_items[0]
    assert "Sendt videre til" in response.text


def test_minutes_page_queries_do_not_grow_with_items(client, sekretariat, minutes_member, make_minutes_meeting, body):
    def meeting_with(count: int) -> Meeting:
        meeting = make_minutes_meeting(body, items=count)
        for item in meeting.items.all():
            item.decision = "Godkendt."
            item.save()
            ActionItem.objects.create(
                body=body, item=item, title="Opgave", owner=minutes_member.person, due="2026-01-01"
            )
        minutes.minutes_mark_approved(meeting=meeting, actor=sekretariat)
        return meeting

    client.force_login(sekretariat)
    once = page_queries(client, _url("minutes_detail", meeting_with(1)))
    assert page_queries(client, _url("minutes_detail", meeting_with(10))) == once


def test_demo_minutes_page_shows_revision_made_by_the_portal(client, sekretariat, membership):
    minutes.demo_data_load()
    client.force_login(sekretariat)
    response = client.get(_url("minutes_detail", Meeting.objects.get(is_demo=True)))
    assert response.status_code == 200
    assert "Revision 1" in response.text and "Portalen" in response.text


def test_minutes_links_include_offers_archive_only_to_secretariat(rf, sekretariat, minutes_member, minutes_meeting):
    def links(user) -> str:
        request = rf.get("/")
        request.user = user
        return render_to_string("meetings/minutes_links.html", {"meeting": minutes_meeting}, request=request)

    assert _url("archive_export", minutes_meeting) in links(sekretariat)
    member_links = links(minutes_member)
    assert (
        _url("minutes_detail", minutes_meeting) in member_links and _url("minutes_pdf", minutes_meeting) in member_links
    )
    assert _url("archive_export", minutes_meeting) not in member_links


@pytest.mark.parametrize("name", ["minutes_note_edit", "minutes_correct"])
def test_minutes_forms_refuse_other_methods(client, sekretariat, minutes_meeting, name):
    client.force_login(sekretariat)
    assert client.put(_url(name, minutes_meeting)).status_code == 405


def test_secretariat_sees_where_items_are_sent_on_to(client, sekretariat, minutes_meeting, make_minutes_meeting, body):
    client.force_login(sekretariat)
    page = client.get(_url("minutes_detail", minutes_meeting)).text
    assert "Intern styregruppe har intet kommende møde endnu." in page and "Send videre til Intern styregruppe" in page
    make_minutes_meeting(body.parent, status=Meeting.Status.CANCELLED, days_from_now=5, items=0)
    target = make_minutes_meeting(body.parent, status=Meeting.Status.PLANNED, days_from_now=20, items=0)
    make_minutes_meeting(body.parent, status=Meeting.Status.PLANNED, days_from_now=40, items=0)
    page = client.get(_url("minutes_detail", minutes_meeting)).text
    assert f"Punkter sendt videre kommer på dagsordenen til {target}." in page


def test_minutes_not_yet_approved_say_how_many_members_approve_them(client, minutes_member, minutes_meeting):
    client.force_login(minutes_member)
    page = client.get(_url("minutes_detail", minutes_meeting)).text
    assert minutes.approver_count(meeting=minutes_meeting) == minutes.approving_people(meeting=minutes_meeting).count()
    assert "Referatet godkendes af organets 2 medlemmer med login." in page
