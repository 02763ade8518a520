"""Archive export of a meeting for the case system: PDF/A agenda and minutes, attachments and metadata.json."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from meetings.archive import meeting_archive
from meetings.models import Attachment
from tests.meetings.test_pdf import poppler

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def attachment(minutes_items, sekretariat):
    stored = default_storage.save("meetings/2026/11/abc123.pdf", ContentFile(PDF_BYTES))
    return Attachment.objects.create(
        item=minutes_items[0],
        title="Tilstandsrapport",
        stored_name=stored,
        original_name="Tilstandsrapport tag.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=sekretariat,
    )


def _open(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def test_archive_holds_pdf_a_documents_attachments_and_metadata(minutes_meeting, minutes_items, attachment):
    minutes_items[0].decision = "Godkendt."
    minutes_items[0].save()
    document = meeting_archive(meeting=minutes_meeting)
    assert document.content_type == "application/zip" and document.filename.endswith(".zip")
    archive = _open(document.content)
    names = archive.namelist()
    agenda = next(name for name in names if name.startswith("dagsorden-"))
    minutes = next(name for name in names if name.startswith("referat-"))
    stored_as = f"bilag/01-{attachment.pk}-Tilstandsrapport_tag.pdf"
    assert archive.read(stored_as) == PDF_BYTES
    for name in (agenda, minutes):
        assert 'pdfaid:part="3"' in poppler("pdfinfo", archive.read(name), "-meta")
    metadata = json.loads(archive.read("metadata.json"))
    assert metadata["sagsnummer"] == "26/4711" and metadata["organ"] == "Sekretariat"
    assert metadata["filer"] == {"dagsorden": agenda, "referat": minutes}
    replies = {person["navn"]: person["svar"] for person in metadata["deltagere"]}
    assert replies == {"Bente Medlem": "deltager", "Carl Medlem": "afbud"}
    first, second = metadata["punkter"]
    assert (first["beslutning"], first["bilag"]) == ("Godkendt.", [stored_as])
    assert second["lukket"] is True  # the case system keeps the closed items, under its own access control


def test_archive_export_only_for_secretariat(client, sekretariat, minutes_member, direktion, minutes_meeting):
    url = reverse("meetings:archive_export", args=[minutes_meeting.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for user in (minutes_member, direktion):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(sekretariat)
    assert client.post(url).status_code == 405
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "metadata.json" in _open(response.content).namelist()


def test_archive_export_of_unknown_meeting_is_404(client, sekretariat):
    client.force_login(sekretariat)
    assert client.get(reverse("meetings:archive_export", args=[999999])).status_code == 404
