"""Agenda items: writing, versioned edits, deleting, keyboard reordering, attachments and who may fetch them."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import AgendaItem, Attachment, Meeting


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _item_data(**extra) -> dict:
    return {
        "title": "Helhedsplan for Galgebakken",
        "kind": AgendaItem.Kind.DECISION,
        "background": "BO-VEST søger prækvalifikation.",
        "recommendation": "Det indstilles, at sekretariatet anbefaler ansøgningen.",
        "presenter": "",
        "minutes_allotted": "30",
        "case_number": "26/04567",
        **extra,
    }


def test_secretariat_adds_item_at_the_end(client, sekretariat, meeting, item, membership):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/{meeting.pk}/punkter/nyt/", _item_data(presenter=membership.person_id))
    new = AgendaItem.objects.get(title="Helhedsplan for Galgebakken")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert (new.position, new.presenter, new.minutes_allotted, new.case_number) == (
        2,
        membership.person,
        30,
        "26/04567",
    )


def test_item_without_title_is_refused(client, sekretariat, meeting):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/{meeting.pk}/punkter/nyt/", _item_data(title=""))
    assert response.status_code == 200
    assert not AgendaItem.objects.exists()


def test_edit_item_saves_and_raises_version(client, sekretariat, item):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/punkter/{item.pk}/rediger/", _item_data(read_version=item.version))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.version) == ("Helhedsplan for Galgebakken", 2)


def test_stale_item_edit_is_refused_with_both_texts(client, sekretariat, item):
    client.force_login(sekretariat)
    read_version = item.version
    item.background = "Den gemte sagsfremstilling."
    services.agenda_item_update(item=item, read_version=read_version, actor=sekretariat)
    response = client.post(
        f"/moeder/punkter/{item.pk}/rediger/", _item_data(read_version=read_version, background="Min sagsfremstilling.")
    )
    assert response.status_code == 200
    assert "En anden har gemt" in response.text
    assert "Den gemte sagsfremstilling." in response.text and "Min sagsfremstilling." in response.text
    item.refresh_from_db()
    assert item.background == "Den gemte sagsfremstilling."


def test_delete_item_renumbers_the_rest(client, sekretariat, meeting, item, closed_item):
    third = services.agenda_item_create(item=AgendaItem(meeting=meeting, title="Eventuelt"), actor=None)
    client.force_login(sekretariat)
    assert client.post(f"/moeder/punkter/{closed_item.pk}/slet/").status_code == 302
    assert list(meeting.items.values_list("title", "position")) == [(item.title, 1), (third.title, 2)]


def _titles(meeting: Meeting) -> list[str]:
    return list(meeting.items.order_by("position").values_list("title", flat=True))


def test_items_move_up_and_down_by_post(client, sekretariat, meeting, item, closed_item):
    client.force_login(sekretariat)
    client.post(f"/moeder/punkter/{closed_item.pk}/flyt/", {"retning": "op"})
    assert _titles(meeting) == [closed_item.title, item.title]
    client.post(f"/moeder/punkter/{closed_item.pk}/flyt/", {"retning": "ned"})
    assert _titles(meeting) == [item.title, closed_item.title]


def test_moving_the_last_item_down_changes_nothing(client, sekretariat, meeting, item, closed_item):
    client.force_login(sekretariat)
    assert client.post(f"/moeder/punkter/{closed_item.pk}/flyt/", {"retning": "ned"}).status_code == 302
    assert _titles(meeting) == [item.title, closed_item.title]
    assert list(meeting.items.values_list("position", flat=True)) == [1, 2]


def test_meeting_page_has_move_buttons_as_forms(client, sekretariat, meeting, item, closed_item):
    client.force_login(sekretariat)
    text = client.get(meeting.get_absolute_url()).text
    assert f'action="/moeder/punkter/{item.pk}/flyt/"' in text
    assert 'name="retning" value="ned"' in text and "Flyt op" in text


def test_agenda_of_a_cancelled_meeting_cannot_change(sekretariat, meeting, item):
    services.meeting_cancel(meeting=meeting, reason="Aflyst", actor=sekretariat)
    item.refresh_from_db()
    with pytest.raises(services.ValidationError):
        services.agenda_item_move(item=item, up=False, actor=sekretariat)
    with pytest.raises(services.ValidationError):
        services.agenda_item_create(item=AgendaItem(meeting=item.meeting, title="Nyt"), actor=sekretariat)


def test_attachment_upload_and_download(client, sekretariat, member, published, item, pdf_upload, settings):
    client.force_login(sekretariat)
    response = client.post(f"/moeder/punkter/{item.pk}/bilag/ny/", {"title": "Notat", "file": pdf_upload()})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert "bilag" not in attachment.stored_name
    assert len(_stored_files(settings)) == 1
    client.force_login(member)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="bilag.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "ikke tilladt"),
        ("falsk.pdf", b"<html><script>", "passer ikke"),
    ],
)
def test_bad_attachment_is_refused_and_nothing_stored(client, sekretariat, item, settings, name, content, message):
    client.force_login(sekretariat)
    upload = SimpleUploadedFile(name, content)
    response = client.post(f"/moeder/punkter/{item.pk}/bilag/ny/", {"file": upload})
    assert response.status_code == 400
    assert message in response.text
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == []


def test_too_large_attachment_is_refused(client, sekretariat, item, pdf_upload, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(sekretariat)
    response = client.post(f"/moeder/punkter/{item.pk}/bilag/ny/", {"file": pdf_upload()})
    assert response.status_code == 400 and "for stor" in response.text
    assert not Attachment.objects.exists()


@pytest.fixture
def closed_attachment(closed_item, pdf_upload, sekretariat):
    return services.attachment_add(item=closed_item, uploaded=pdf_upload(), title="", actor=sekretariat)


def test_closed_items_attachment_is_404_for_non_members(client, published, closed_attachment, direktion, member):
    client.force_login(direktion)
    assert client.get(closed_attachment.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(closed_attachment.get_absolute_url()).status_code == 200


def test_draft_agendas_attachment_is_404_for_members(client, closed_attachment, member, sekretariat):
    client.force_login(member)
    assert client.get(closed_attachment.get_absolute_url()).status_code == 404
    client.force_login(sekretariat)
    assert client.get(closed_attachment.get_absolute_url()).status_code == 200


def test_attachment_of_another_bodys_meeting_is_404(client, published, closed_attachment, board_member_a):
    client.force_login(board_member_a)
    assert client.get(closed_attachment.get_absolute_url()).status_code == 404


def test_delete_attachment_removes_the_file(
    client, sekretariat, closed_attachment, settings, django_capture_on_commit_callbacks
):
    client.force_login(sekretariat)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/moeder/bilag/{closed_attachment.pk}/slet/").status_code == 302
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == []
