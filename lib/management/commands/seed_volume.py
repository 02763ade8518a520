"""Fill the database with years of the coordination's data, to measure the portal at production volume.

Each app that has data to add provides `<app>/volume.py` with `generate(*, years: int) -> dict[str, int]`;
they run in the order of INSTALLED_APPS, so an app finds the data of the apps it builds on."""

import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Fylder databasen med flere års data til ydelsesmålinger (kør seed_demo først)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--years", type=int, default=10)

    def handle(self, *args, years: int, **options) -> None:
        for config in apps.get_app_configs():
            try:
                volume = importlib.import_module(f"{config.name}.volume")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.volume":
                    raise
                continue
            started = time.perf_counter()
            with transaction.atomic():
                counts = volume.generate(years=years)
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(f"{config.label}: {summary} ({time.perf_counter() - started:.1f} s)")
