"""PDF documents of a meeting, rendered with WeasyPrint from templates/meetings/pdf/: the agenda (dagsorden) and
the minutes (referat), each in a full and a public edition (without closed items), and as PDF/A for the archive."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML

from meetings.minutes import meeting_participants, minutes_approvals, open_action_items_for_body
from meetings.models import AgendaItem, Meeting

# PDF/A-3b: the variant the archive (ESDH) takes; WeasyPrint then embeds every font and adds the XMP metadata.
ARCHIVE_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class RenderedDocument:
    filename: str
    content_type: str
    content: bytes


def _render(*, template: str, meeting: Meeting, items, public: bool, archive: bool, **context) -> bytes:
    html = render_to_string(
        template,
        {
            "meeting": meeting,
            "items": [item for item in items if not (public and item.is_closed)],
            "participants": meeting_participants(meeting=meeting),
            "public": public,
            "printed_at": timezone.now(),
            **context,
        },
    )
    options = {"pdf_variant": ARCHIVE_VARIANT} if archive else {}
    return HTML(string=html).write_pdf(**options)


def _filename(document: str, meeting: Meeting, *, public: bool) -> str:
    edition = "-offentlig" if public else ""
    date = timezone.localtime(meeting.starts_at)
    return f"{document}-{slugify(meeting.body.name)}-{date:%Y-%m-%d}{edition}.pdf"


def agenda_pdf(
    *, meeting: Meeting, items: list[AgendaItem], public: bool = False, archive: bool = False
) -> RenderedDocument:
    """Render the agenda with its numbered items and the body's open action items (opfølgning); the public
    edition leaves out closed items and the action items, the archive copy the action items (they change)."""
    open_actions = [] if public or archive else open_action_items_for_body(body=meeting.body_id, include_closed=True)
    content = _render(
        template="meetings/pdf/agenda.html",
        meeting=meeting,
        items=items,
        public=public,
        archive=archive,
        open_actions=open_actions,
    )
    return RenderedDocument(_filename("dagsorden", meeting, public=public), "application/pdf", content)


def minutes_pdf(
    *, meeting: Meeting, items: list[AgendaItem], public: bool = False, archive: bool = False
) -> RenderedDocument:
    """Render the minutes with each item's minutes and decision, and who approved them when."""
    content = _render(
        template="meetings/pdf/minutes.html",
        meeting=meeting,
        items=items,
        public=public,
        archive=archive,
        approvals=minutes_approvals(meeting=meeting),
    )
    return RenderedDocument(_filename("referat", meeting, public=public), "application/pdf", content)
