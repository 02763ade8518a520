"""Uploads are checked by content, not by name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lib.uploads import upload_to, validate_upload


def _docx(size: int = 100) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "x" * size)
    return buffer.getvalue()


def test_a_real_pdf_passes():
    assert validate_upload(SimpleUploadedFile("referat.pdf", b"%PDF-1.7\n...")) == "application/pdf"


def test_html_renamed_pdf_is_refused_in_danish():
    with pytest.raises(ValidationError, match=r"passer ikke til filtypen \.pdf"):
        validate_upload(SimpleUploadedFile("referat.pdf", b"<html><script>alert(1)</script></html>"))


def test_a_type_not_allowed_is_refused():
    with pytest.raises(ValidationError, match=r"Filtypen \.exe er ikke tilladt"):
        validate_upload(SimpleUploadedFile("program.exe", b"MZ..."))


def test_too_large_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="for stor"):
        validate_upload(SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * 2000))


def test_office_file_must_be_an_archive_and_not_a_zip_bomb():
    assert validate_upload(SimpleUploadedFile("notat.docx", _docx()))
    with pytest.raises(ValidationError, match="passer ikke"):
        validate_upload(SimpleUploadedFile("notat.docx", b"not a zip"))
    with pytest.raises(ValidationError, match="pakker sig ud"):
        validate_upload(SimpleUploadedFile("bombe.docx", _docx(50_000_000)))


def test_csv_with_html_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("tal.csv", b"<!DOCTYPE html><html>"))
    assert validate_upload(SimpleUploadedFile("tal.csv", "afdeling;år\nGalgebakken;2025\n".encode())) == "text/csv"


def test_stored_name_is_random_and_keeps_no_path_tricks(body):
    name = upload_to(body, "../../etc/passwd.pdf")
    assert name.startswith("coordination/")
    assert ".." not in name
    assert name.endswith(".pdf")
    assert upload_to(body, "a.pdf") != upload_to(body, "a.pdf")
