"""make backup / make restore: a round trip against PostgreSQL brings back the data and the files."""

import pytest
from django.core.management import CommandError, call_command

from coordination.models import Organisation


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "dialogue").mkdir(parents=True)
    (settings.MEDIA_ROOT / "dialogue" / "regnskab.pdf").write_bytes(b"%PDF-1.7 regnskab")
    Organisation.objects.create(short_name="BO-VEST", name="BO-VEST", kind="boligorganisation")

    call_command("backup", target=tmp_path / "backup", verbosity=0)

    Organisation.objects.all().delete()
    Organisation.objects.create(short_name="Efter backup", name="x", kind="privat")
    (settings.MEDIA_ROOT / "dialogue" / "regnskab.pdf").unlink()
    (settings.MEDIA_ROOT / "ny.txt").write_text("efter backup")

    call_command("restore", tmp_path / "backup", verbosity=0)

    assert list(Organisation.objects.values_list("short_name", flat=True)) == ["BO-VEST"]
    assert (settings.MEDIA_ROOT / "dialogue" / "regnskab.pdf").read_bytes() == b"%PDF-1.7 regnskab"
    assert not (settings.MEDIA_ROOT / "ny.txt").exists()


def test_restore_from_a_folder_that_is_no_backup_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="er ikke en backup"):
        call_command("restore", tmp_path, verbosity=0)
