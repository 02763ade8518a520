"""The annual evaluation of the housing coordination (årlig evaluering af boligkoordineringen) as a PDF, rendered
with WeasyPrint from templates/planning/pdf/evaluation.html with the same charts as the pages."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from dialogue.pdf import RenderedDocument
from planning import panels, selectors
from planning.models import EvaluationReport


def evaluation_pdf(*, report: EvaluationReport, progress: Callable[[int], None]) -> tuple[RenderedDocument, bool]:
    """Render the evaluation of the report's year; return the document and whether the year had any data.

    A year without data gives a short document that says so, not empty charts."""
    year = report.year
    # The steering dialogue is read as the person who ordered the report sees it (the secretariat: everything).
    user = report.requested_by or AnonymousUser()
    has_data = selectors.year_has_data(user=user, year=year)
    context = {"report": report, "year": year, "has_data": has_data, "generated_at": timezone.now()}
    if has_data:
        prefix = f"evaluering-{year}"
        context["meetings"] = panels.meetings_panel(year=year, prefix=prefix)
        progress(25)
        context["dialogue"] = selectors.dialogue_table(user=user, year=year)
        progress(40)
        context["renovation"] = selectors.renovation_progress_table(year=year)
        context["pipeline"] = panels.pipeline_panel(prefix=prefix)
        progress(55)
        context["keyfigures"] = panels.keyfigure_panels(until=year, prefix=prefix)
        context["population"] = panels.population_panel(until=year, prefix=prefix)
        context["dwellings"] = panels.dwellings_panel(until=year, prefix=prefix)
        progress(70)
    html = render_to_string("planning/pdf/evaluation.html", context)
    progress(85)
    content = HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")
    return RenderedDocument(filename=report.filename, content_type="application/pdf", content=content), has_data
