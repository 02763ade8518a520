"""The audit trail: append-only, one row per change, download, login and refused access."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionDenied("Revisionssporet kan ikke slettes.")

    def update(self, **kwargs):
        raise PermissionDenied("Revisionssporet kan ikke ændres.")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Oprettet")
        CHANGE = "change", _("Ændret")
        DELETE = "delete", _("Slettet")
        DOWNLOAD = "download", _("Hentet fil")
        LOGIN = "login", _("Logget ind")
        LOGIN_FAILED = "login_failed", _("Mislykket login")
        LOGOUT = "logout", _("Logget ud")
        REFUSED = "refused", _("Adgang nægtet")

    at = models.DateTimeField(_("tidspunkt (UTC)"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruger"), on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_name = models.CharField(_("brugernavn"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("objekttype"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse"), null=True, blank=True)
    path = models.CharField(_("sti"), max_length=500, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revisionsspor")
        verbose_name_plural = _("revisionsspor")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Revisionssporet kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Revisionssporet kan ikke slettes.")
