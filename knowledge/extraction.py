"""Text out of uploaded PDF and Word files, for the full-text search.

Extraction runs inline at upload: the files are documents of a few pages, and a search that finds the file the
moment it is uploaded is worth the second it takes. Limits keep a large file from holding the request."""

import io
import logging

MAX_PAGES = 300
MAX_CHARS = 500_000

logger = logging.getLogger(__name__)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:MAX_PAGES])


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def _plain_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


EXTRACTORS = {
    "application/pdf": _pdf_text,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx_text,
    "text/plain": _plain_text,
    "text/csv": _plain_text,
}


def extract_text(data: bytes, *, content_type: str) -> str | None:
    """Return the file's text (NUL characters removed, cut at MAX_CHARS), or None when it cannot be read."""
    extractor = EXTRACTORS.get(content_type)
    if extractor is None:
        return None
    try:
        text = extractor(data)
    except Exception:  # a damaged or encrypted file: stored all the same, found by its title
        logger.warning("Tekst kunne ikke udtrækkes (%s)", content_type, exc_info=True)
        return None
    text = text.replace("\x00", "").strip()
    return text[:MAX_CHARS] or None
