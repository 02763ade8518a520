"""Restore the database and the uploaded files from a backup folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lib.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Gendanner databasen og de uploadede filer fra en backup. Erstatter de nuværende data."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path, help="Backup-mappen (fra `manage.py backup`).")

    def handle(self, *args, source: Path, **options) -> None:
        try:
            backup_restore(source=source)
        except BackupError as error:
            raise CommandError(f"Gendannelse mislykkedes: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Gendannet fra {source}"))
