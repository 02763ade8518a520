"""Safe uploads: type checked by content, size limits, random storage names, served only through views."""

import io
import posixpath
import re
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from lib.audit import audit_record
from lib.models import AuditEntry
from lib.virusscan import virus_scan

# Extension -> (content type, how the content must start or look).
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".csv": "text/csv",
    ".txt": "text/plain",
}
_ZIP_BASED = {".docx", ".xlsx", ".pptx", ".odt", ".ods"}
_MAGIC = {".pdf": b"%PDF-", ".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}
MAX_ARCHIVE_EXPANSION = 100  # an Office file may unpack to at most 100 x its size (zip bombs)


def _extension(name: str) -> str:
    return posixpath.splitext(name.lower())[1]


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return not re.search(r"<\s*(html|script|!doctype|svg|body|iframe)", text, re.IGNORECASE)


def validate_upload(uploaded, *, allowed: set[str] | None = None) -> str:
    """Check an uploaded file by its content; return its content type or raise a Danish ValidationError."""
    name = uploaded.name or ""
    extension = _extension(name)
    permitted = allowed or set(ALLOWED_TYPES)
    if extension not in permitted:
        raise ValidationError(
            _("Filtypen %(ext)s er ikke tilladt. Tilladt: %(allowed)s.")
            % {"ext": extension or _("(ingen)"), "allowed": ", ".join(sorted(permitted))}
        )
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Filen er for stor (%(size)d MB). Den må højst være %(limit)d MB.")
            % {"size": uploaded.size // 1_000_000, "limit": limit // 1_000_000}
        )
    if uploaded.size == 0:
        raise ValidationError(_("Filen er tom."))
    uploaded.seek(0)
    head = uploaded.read(4096)
    uploaded.seek(0)
    mismatch = ValidationError(
        _("Indholdet af %(name)s passer ikke til filtypen %(ext)s.") % {"name": name, "ext": extension}
    )
    if extension in _MAGIC and not head.startswith(_MAGIC[extension]):
        raise mismatch
    if extension in _ZIP_BASED:
        _check_office_archive(uploaded, mismatch)
    if extension in {".csv", ".txt"} and not _looks_like_text(head):
        raise mismatch
    virus_scan(uploaded)
    return ALLOWED_TYPES[extension]


def _check_office_archive(uploaded, mismatch: ValidationError) -> None:
    data = uploaded.read()
    uploaded.seek(0)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise mismatch from error
    if expanded > MAX_ARCHIVE_EXPANSION * max(len(data), 1):
        raise ValidationError(_("Filen pakker sig ud til mere end tilladt og er afvist."))


def upload_to(instance, filename: str) -> str:
    """Store under a random name, keeping only the checked extension; the real name lives in the model."""
    app = instance._meta.app_label
    return f"{app}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{_extension(filename)}"


def save_with_file(obj: models.Model, uploaded) -> models.Model:
    """Store the checked upload under a random name in `obj.stored_name` and save `obj`; if `obj` does not
    validate or save, the stored file is removed again."""
    obj.stored_name = default_storage.save(upload_to(obj, uploaded.name), uploaded)
    try:
        obj.full_clean()
        obj.save()
    except Exception:
        default_storage.delete(obj.stored_name)
        raise
    return obj


@dataclass(frozen=True)
class StoredFile:
    """A file in the default storage and the row it belongs to: what file_response serves."""

    instance: models.Model
    name: str

    def open(self, mode: str = "rb"):
        return default_storage.open(self.name, mode)


def file_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """Serve a stored file as an attachment with a clean name; never rendered inline by the browser."""
    audit_record(action=AuditEntry.Action.DOWNLOAD, obj=field_file.instance, object_repr=filename)
    clean = get_valid_filename(filename) or "fil"
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=clean, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
