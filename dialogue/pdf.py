"""PDF documents of the steering dialogue, rendered with WeasyPrint from templates/dialogue/pdf/."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import HTML

from dialogue.models import DialogueRound


@dataclass(frozen=True)
class RenderedDocument:
    filename: str
    content_type: str
    content: bytes


def agreement_pdf(*, round: DialogueRound, goals) -> RenderedDocument:
    """Render the round's agreement with its goals and approvals as a PDF/A (it is an archive record)."""
    html = render_to_string(
        "dialogue/pdf/agreement.html", {"round": round, "agreement": round.agreement, "goals": goals}
    )
    content = HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")
    filename = f"aftale-{round.year}-{slugify(round.organisation.short_name)}.pdf"
    return RenderedDocument(filename=filename, content_type="application/pdf", content=content)
