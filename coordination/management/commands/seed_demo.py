"""Load the kommissorium and create the demo logins. Running it twice changes nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coordination.services import DataFileError, demo_logins_create, kommissorium_load
from dialogue.services import demo_data_load as dialogue_demo_data_load
from meetings.minutes import demo_data_load as minutes_demo_data_load
from meetings.services import demo_data_load as meetings_demo_data_load

DATA_DIR = Path(settings.BASE_DIR) / "data"


class Command(BaseCommand):
    help = "Indlæser kommissoriets organer og personer og opretter demo-logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kommissorium", type=Path, default=DATA_DIR / "kommissorium.yaml")
        parser.add_argument("--logins", type=Path, default=DATA_DIR / "demo.yaml")

    def handle(self, *args, kommissorium: Path, logins: Path, **options) -> None:
        try:
            with transaction.atomic():
                counts = kommissorium_load(path=kommissorium)
                usernames = demo_logins_create(path=logins, password=settings.DEMO_PASSWORD)
                dialogue_demo_data_load()
                meetings_demo_data_load()
                minutes_demo_data_load()
        except DataFileError as error:
            raise CommandError("Intet er indlæst. Datafilen har fejl:\n" + "\n".join(error.problems)) from error
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Indlæst: {summary}. Demo-logins: {', '.join(usernames)}."))
