"""Optional virus scan of uploads through clamd (INSTREAM), switched on by CLAMD_ADDRESS ("host:port").
Fails closed: when clamd does not answer, the upload is refused."""

import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK = 64 * 1024


def _scan_stream(chunks, *, address: str, timeout: float = 30) -> str:
    host, _sep, port = address.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        connection.sendall(b"zINSTREAM\0")
        for chunk in chunks:
            connection.sendall(struct.pack("!L", len(chunk)) + chunk)
        connection.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            data = connection.recv(4096)
            if not data:
                break
            answer += data
    return answer.rstrip(b"\0").decode("utf-8", "replace")


def virus_scan(uploaded) -> None:
    """Refuse the upload when clamd finds something, or cannot be asked; do nothing when scanning is off."""
    if not settings.CLAMD_ADDRESS:
        return
    uploaded.seek(0)
    try:
        answer = _scan_stream(iter(lambda: uploaded.read(CHUNK), b""), address=settings.CLAMD_ADDRESS)
    except OSError as error:
        raise ValidationError(_("Virusscanningen svarer ikke, så filen er ikke gemt. Prøv igen senere.")) from error
    finally:
        uploaded.seek(0)
    if answer.endswith("FOUND"):
        raise ValidationError(
            _("Filen er afvist: virusscanningen fandt %(name)s.")
            % {"name": answer.removeprefix("stream: ").removesuffix(" FOUND")}
        )
    if not answer.endswith("OK"):
        raise ValidationError(_("Virusscanningen kunne ikke undersøge filen, så den er ikke gemt."))
