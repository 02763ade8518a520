"""Agenda and minutes as PDF: the municipal layout, the public edition without closed items, PDF/A for the archive,
speed, and who may fetch them."""

import datetime
import subprocess
import tempfile
import time

import pytest
from django.urls import reverse

from meetings.models import ActionItem, Meeting
from meetings.pdf import agenda_pdf, minutes_pdf
from meetings.selectors import agenda_items


def poppler(tool: str, content: bytes, *options: str) -> str:
    """Run a poppler tool (pdftotext, pdfinfo, pdffonts) on the PDF and return what it prints."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        output = ["-"] if tool == "pdftotext" else []
        return subprocess.run([tool, *options, file.name, *output], capture_output=True, check=True).stdout.decode()


def pdf_text(content: bytes) -> str:
    return poppler("pdftotext", content, "-layout")


def test_agenda_of_twenty_items_renders_fast_with_every_item_and_page_numbers(make_minutes_meeting, body):
    meeting = make_minutes_meeting(body, items=20, case_number="26/4711")
    items = agenda_items(meeting=meeting, sees_closed=True)
    agenda_pdf(meeting=meeting, items=items[:1])  # the first rendering loads the fonts
    started = time.perf_counter()
    document = agenda_pdf(meeting=meeting, items=items)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.5, f"{elapsed:.2f} s"
    text = pdf_text(document.content)
    for item in items:
        assert f"{item.position}. {item.title}" in text
    assert "Albertslund Kommune" in text and "Side 1 af" in text
    assert "Sekretariatet indstiller 20." in text and "Sagsfremstilling 20." in text
    assert "26/4711" in text and "Til beslutning" in text
    assert document.filename.startswith("dagsorden-sekretariat-") and document.content_type == "application/pdf"


def test_minutes_pdf_holds_participants_afbud_and_decisions(minutes_meeting, minutes_items):
    minutes_items[0].decision = "Indstillingen blev godkendt."
    minutes_items[0].save()
    items = agenda_items(meeting=minutes_meeting, sees_closed=True)
    text = pdf_text(minutes_pdf(meeting=minutes_meeting, items=items).content)
    assert "Referat" in text and "Rådhuset, mødelokale 1" in text
    deltagere = next(line for line in text.splitlines() if "Deltagere" in line)
    afbud = next(line for line in text.splitlines() if "Afbud" in line)
    assert "Bente Medlem" in deltagere and "Carl Medlem" in afbud
    assert "Indstillingen blev godkendt." in text
    assert minutes_items[1].title in text


def test_public_edition_leaves_out_closed_items(minutes_meeting, minutes_items):
    items = agenda_items(meeting=minutes_meeting, sees_closed=True)
    text = pdf_text(agenda_pdf(meeting=minutes_meeting, items=items, public=True).content)
    assert minutes_items[0].title in text and minutes_items[1].title not in text
    assert "Offentlig udgave" in text


def test_archive_copy_is_pdf_a_with_embedded_fonts(minutes_meeting, minutes_items):
    items = agenda_items(meeting=minutes_meeting, sees_closed=True)
    content = minutes_pdf(meeting=minutes_meeting, items=items, archive=True).content
    metadata = poppler("pdfinfo", content, "-meta")
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="B"' in metadata
    fonts = poppler("pdffonts", content)
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts
    assert "DejaVu" in fonts


def _get(client, name: str, meeting, **params):
    return client.get(reverse(f"meetings:{name}", args=[meeting.pk]), params)


@pytest.mark.parametrize("name", ["agenda_pdf", "minutes_pdf"])
def test_pdf_views_refuse_anonymous_outsider_invisible_and_post(client, outsider, medarbejder, minutes_meeting, name):
    response = _get(client, name, minutes_meeting)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert _get(client, name, minutes_meeting).status_code == 403
    client.force_login(medarbejder)
    assert _get(client, name, minutes_meeting).status_code == 404
    assert client.post(reverse(f"meetings:{name}", args=[minutes_meeting.pk])).status_code == 405


@pytest.mark.parametrize("name", ["agenda_pdf", "minutes_pdf"])
def test_member_gets_closed_items_and_non_member_the_public_edition(
    client, minutes_member, direktion, minutes_items, name
):
    meeting = minutes_items[0].meeting
    client.force_login(minutes_member)
    response = _get(client, name, meeting)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    assert minutes_items[1].title in pdf_text(response.content)
    public = pdf_text(_get(client, name, meeting, udgave="offentlig").content)
    assert minutes_items[1].title not in public
    client.force_login(direktion)
    text = pdf_text(_get(client, name, meeting).content)
    assert minutes_items[1].title not in text and "Offentlig udgave" in text


def test_draft_agenda_pdf_is_hidden_from_members(client, minutes_member, make_minutes_meeting, body):
    meeting = make_minutes_meeting(body, status=Meeting.Status.PLANNED, days_from_now=5, published=False)
    client.force_login(minutes_member)
    assert _get(client, "agenda_pdf", meeting).status_code == 404


def test_agenda_shows_the_body_open_action_items_but_not_in_public_or_archive(minutes_meeting, minutes_items):
    ActionItem.objects.create(
        body=minutes_meeting.body,
        item=minutes_items[0],
        title="Indhent tilbud på tagrenovering",
        owner=minutes_items[0].meeting.invitations.first().person,
        due=datetime.date(2020, 1, 1),
    )
    items = agenda_items(meeting=minutes_meeting, sees_closed=True)
    text = pdf_text(agenda_pdf(meeting=minutes_meeting, items=items).content)
    assert "Opfølgning: åbne opgaver" in text and "Indhent tilbud på tagrenovering" in text and "overskredet" in text
    for edition in ({"public": True}, {"archive": True}):
        text = pdf_text(agenda_pdf(meeting=minutes_meeting, items=items, **edition).content)
        assert "Indhent tilbud" not in text
