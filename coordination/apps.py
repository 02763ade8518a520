from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(**kwargs) -> None:
    from coordination.services import roles_ensure

    roles_ensure()


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = "Boligkoordinering"

    def ready(self) -> None:
        # The portal's groups must exist on every database, also one never seeded with demo data.
        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="coordination_roles")
