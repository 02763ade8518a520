"""Back up the database and the uploaded files into a new folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lib.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Tager backup af databasen og de uploadede filer."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--target", type=Path, help="Mappe til backuppen (findes ikke i forvejen).")

    def handle(self, *args, target: Path | None, **options) -> None:
        target = target or Path(settings.VAR_DIR) / "backups" / timezone.localtime().strftime("%Y%m%d-%H%M%S")
        try:
            backup_create(target=target)
        except (BackupError, FileExistsError) as error:
            raise CommandError(f"Backup mislykkedes: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backup gemt i {target}"))
