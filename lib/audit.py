"""Record the audit trail. Who and from where come from the request being served (set by AuditMiddleware);
every create, change and delete of the portal's models is recorded through model signals, so that no write
path (services, admin, management commands) can forget it."""

import contextvars
import json
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_delete, post_save, pre_save

from lib.models import AuditEntry

AUDITED_APPS = {"coordination", "meetings", "dialogue", "planning", "knowledge", "auth"}
# StatBank figures are imported thousands at a time; their DataImport row records who loaded what and when.
SKIPPED_MODELS = {
    "auditentry",
    "notification",
    "reminder",
    "session",
    "permission",
    "populationfigure",
    "dwellingfigure",
    # Derived from the key figures (which are audited) and replaced whole each time they change.
    "municipalaverage",
}
SECRET_FIELDS = {"password", "token", "secret", "key"}


@dataclass
class Actor:
    user: object | None
    ip_address: str | None
    path: str


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_actor", default=None)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    obj=None,
    changes: dict | None = None,
    user=None,
    request=None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry to the audit trail."""
    actor = _current.get()
    if request is not None:
        actor = Actor(getattr(request, "user", None), client_ip(request), request.get_full_path()[:500])
    user = user if user is not None else (actor.user if actor else None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username() if user else "",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        changes=json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder)),
        ip_address=actor.ip_address if actor else None,
        path=actor.path if actor else "",
    )


class AuditMiddleware:
    """Make the request's user and address known to the audit trail while the request is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(Actor(request.user, client_ip(request), request.get_full_path()[:500]))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def _audited(sender) -> bool:
    meta = sender._meta
    return meta.app_label in AUDITED_APPS and meta.model_name not in SKIPPED_MODELS


def _field_values(instance) -> dict:
    # A model may leave out fields derived from a file (`audit_exclude`): an extracted text or search index
    # would copy a document's content into the trail, which is kept longer than the document.
    excluded = getattr(instance, "audit_exclude", frozenset())
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not any(secret in field.name for secret in SECRET_FIELDS) and field.name not in excluded
    }


def _before_save(sender, instance, **kwargs):
    if not _audited(sender) or instance.pk is None or kwargs.get("raw"):
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = _field_values(previous) if previous else None


def _after_save(sender, instance, created, **kwargs):
    if not _audited(sender) or kwargs.get("raw"):
        return
    after = _field_values(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        audit_record(action=AuditEntry.Action.CREATE, obj=instance, changes={"ny": after})
        return
    changed = {
        name: {"før": before.get(name), "efter": value} for name, value in after.items() if before.get(name) != value
    }
    if changed:
        audit_record(action=AuditEntry.Action.CHANGE, obj=instance, changes=changed)


def _after_delete(sender, instance, **kwargs):
    if _audited(sender):
        audit_record(action=AuditEntry.Action.DELETE, obj=instance, changes={"slettet": _field_values(instance)})


def _logged_in(sender, request, user, **kwargs):
    audit_record(action=AuditEntry.Action.LOGIN, user=user, request=request, obj=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEntry.Action.LOGOUT, user=user, request=request, obj=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(action=AuditEntry.Action.LOGIN_FAILED, request=request, object_type="auth.user", object_repr=username)


def connect() -> None:
    """Connect the audit trail to every model of the audited apps and to the login signals."""
    for model in apps.get_models():
        if _audited(model):
            pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit-pre-{model._meta.label}")
            post_save.connect(_after_save, sender=model, dispatch_uid=f"audit-post-{model._meta.label}")
            post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit-del-{model._meta.label}")
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
