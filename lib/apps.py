from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "lib"
    verbose_name = "Fælles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from lib import audit, middleware

        audit.connect()
        user_logged_in.connect(middleware.session_started, dispatch_uid="session-started")
