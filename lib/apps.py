from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "lib"
    verbose_name = "Fælles"

    def ready(self) -> None:
        from lib import audit

        audit.connect()
