"""Text out of PDF and Word files for the search; a file that cannot be read gives None, never an error."""

from knowledge.extraction import MAX_CHARS, extract_text
from tests.knowledge.conftest import DOCX_TYPE, docx_bytes, pdf_bytes


def test_pdf_text():
    assert "Galgebakken" in extract_text(pdf_bytes("Renovering af Galgebakken"), content_type="application/pdf")


def test_word_text():
    assert extract_text(docx_bytes("Boligsocial helhedsplan"), content_type=DOCX_TYPE) == "Boligsocial helhedsplan"


def test_damaged_files_and_images_give_none():
    assert extract_text(b"%PDF-1.4 garbage", content_type="application/pdf") is None
    assert extract_text(b"PK\x03\x04 not a zip", content_type=DOCX_TYPE) is None
    assert extract_text(b"\x89PNG", content_type="image/png") is None


def test_text_is_cleaned_and_cut():
    text = extract_text(b"a\x00b" + b"c" * (MAX_CHARS + 10), content_type="text/plain")
    assert "\x00" not in text and len(text) == MAX_CHARS
