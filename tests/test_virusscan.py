"""The optional virus scan through a real clamd, loaded with the EICAR test signature only."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lib.uploads import validate_upload

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    binary = shutil.which("clamd") or "/usr/sbin/clamd"
    if not Path(binary).exists():
        pytest.fail("clamd mangler: installér Debian-pakken clamav-daemon (CI gør det).")
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    # The EICAR test file's MD5 and size; a signature database of our own, so no download is needed.
    (folder / "db" / "eicar.hdb").write_text("44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n")
    port = _free_port()
    (folder / "clamd.conf").write_text(
        f"Foreground yes\nDatabaseDirectory {folder / 'db'}\nTCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"LogFile {folder / 'clamd.log'}\n"
    )
    process = subprocess.Popen(
        [binary, "-c", str(folder / "clamd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("clamd startede ikke")
    yield f"127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_eicar_is_rejected_when_scanning_is_on(clamd, settings):
    settings.CLAMD_ADDRESS = clamd
    with pytest.raises(ValidationError, match="Eicar-Test-Signature"):
        validate_upload(SimpleUploadedFile("notat.txt", EICAR))


def test_a_clean_file_passes_the_scan(clamd, settings):
    settings.CLAMD_ADDRESS = clamd
    assert validate_upload(SimpleUploadedFile("notat.txt", "Referat af mødet".encode())) == "text/plain"


def test_when_clamd_does_not_answer_the_upload_is_refused(settings):
    settings.CLAMD_ADDRESS = f"127.0.0.1:{_free_port()}"
    with pytest.raises(ValidationError, match="svarer ikke"):
        validate_upload(SimpleUploadedFile("notat.txt", b"tekst"))


def test_scanning_off_by_default(settings):
    settings.CLAMD_ADDRESS = ""
    assert validate_upload(SimpleUploadedFile("notat.txt", EICAR)) == "text/plain"
