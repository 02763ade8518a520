"""The archive copy of a meeting for journaling in the case system (ESDH): one zip with the agenda and the minutes
as PDF/A, every attachment, and metadata.json (case number, body, date, participants, decisions)."""

import io
import json
import posixpath
import zipfile

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify

from meetings.minutes import Participants, meeting_participants
from meetings.models import Attachment, Meeting
from meetings.pdf import RenderedDocument, agenda_pdf, minutes_pdf
from meetings.selectors import Invitee, agenda_items

METADATA_FORMAT = "boligportalen.moede.v1"


def _participant(invitee: Invitee) -> dict:
    return {
        "navn": invitee.name,
        "organisation": invitee.organisation,
        "gaest": invitee.is_guest,
        "deltager_som": invitee.guest_role,
        "kun_punkt": invitee.item_position,
        "svar": invitee.reply or None,
        "deltog": invitee.attended,
    }


def _participants(participants: Participants) -> list[dict]:
    return [
        _participant(invitee)
        for invitee in sorted(
            [*participants.present, *participants.absent, *participants.unanswered],
            key=lambda invitee: (invitee.is_guest, invitee.name),
        )
    ]


def _attachment_path(item, attachment) -> str:
    name = get_valid_filename(attachment.original_name) or "bilag"
    return posixpath.join("bilag", f"{item.position:02d}-{attachment.pk}-{name}")


def meeting_metadata(*, meeting: Meeting, items, documents: dict[str, str], attachments: dict[int, list[str]]) -> dict:
    """Return the record the case system journals: the meeting, its participants and each item's decision."""
    return {
        "format": METADATA_FORMAT,
        "dannet": timezone.now().isoformat(),
        "sagsnummer": meeting.case_number,
        "organ": meeting.body.name,
        "titel": meeting.display_title,
        "start": timezone.localtime(meeting.starts_at).isoformat(),
        "slut": timezone.localtime(meeting.ends_at).isoformat(),
        "sted": meeting.place,
        "status": meeting.status,
        "referat_godkendt": meeting.minutes_approved_at.isoformat() if meeting.minutes_approved_at else None,
        "deltagere": _participants(meeting_participants(meeting=meeting)),
        "punkter": [
            {
                "nummer": item.position,
                "titel": item.title,
                "type": item.kind,
                "lukket": item.is_closed,
                "sagsnummer": item.case_number,
                "indstilling": item.recommendation,
                "beslutning": item.decision,
                "bilag": attachments.get(item.pk, []),
            }
            for item in items
        ],
        "filer": documents,
    }


def meeting_archive(*, meeting: Meeting) -> RenderedDocument:
    """Build the meeting's archive zip (all items, closed ones too: the case system keeps access control)."""
    items = agenda_items(meeting=meeting, sees_closed=True)
    agenda = agenda_pdf(meeting=meeting, items=items, archive=True)
    minutes = minutes_pdf(meeting=meeting, items=items, archive=True)
    buffer = io.BytesIO()
    attachments: dict[int, list[str]] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(agenda.filename, agenda.content)
        archive.writestr(minutes.filename, minutes.content)
        files = Attachment.objects.filter(item__meeting=meeting).order_by(
            "item__position", "item_id", "uploaded_at", "id"
        )
        for attachment in files.select_related("item"):
            path = _attachment_path(attachment.item, attachment)
            with default_storage.open(attachment.stored_name, "rb") as stored:
                archive.writestr(path, stored.read())
            attachments.setdefault(attachment.item_id, []).append(path)
        documents = {"dagsorden": agenda.filename, "referat": minutes.filename}
        metadata = meeting_metadata(meeting=meeting, items=items, documents=documents, attachments=attachments)
        archive.writestr("metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2))
    date = timezone.localtime(meeting.starts_at)
    filename = f"arkiv-{slugify(meeting.body.name)}-{date:%Y-%m-%d}.zip"
    return RenderedDocument(filename, "application/zip", buffer.getvalue())
