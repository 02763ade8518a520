"""The data protection regulation in practice: export a person's data, anonymise a person who leaves, and
erase only where the municipality's duty to keep case records (arkivloven, offentlighedsloven) does not apply."""

import datetime
import json

from django.contrib.admin.utils import NestedObjects
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Membership, Person
from lib.audit import audit_record
from lib.models import AuditEntry

FORMER_MEMBER = "Tidligere medlem"


class ErasureRefused(Exception):
    """The person is part of case records the municipality must keep; `reason` says which, in Danish."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _row(obj: models.Model) -> dict:
    fields = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in {"password"}
    }
    return {"type": obj._meta.verbose_name.capitalize(), "model": obj._meta.label_lower, "felter": fields}


def _related_objects(person: Person) -> list[models.Model]:
    """Return every object in the portal that refers to the person, directly or through their login."""
    collector = NestedObjects(using=DEFAULT_DB_ALIAS)
    collector.collect([person])
    found = [obj for obj in _flatten(collector.nested()) if obj != person]
    referencing = []
    for relation in Person._meta.related_objects:
        if relation.on_delete is models.PROTECT or relation.on_delete is models.SET_NULL:
            accessor = relation.related_model._default_manager.filter(**{relation.field.name: person})
            referencing.extend(accessor)
    seen = set()
    result = []
    for obj in [*found, *referencing]:
        key = (obj._meta.label_lower, obj.pk)
        if key not in seen:
            seen.add(key)
            result.append(obj)
    return result


def _flatten(nested) -> list:
    flat = []
    for item in nested:
        if isinstance(item, list):
            flat.extend(_flatten(item))
        else:
            flat.append(item)
    return flat


def person_export(*, person: Person) -> dict:
    """Return all the portal holds on the person, as plain data (for JSON and PDF)."""
    data = {
        "eksporteret": timezone.now(),
        "person": _row(person),
        "login": None,
        "relateret": [_row(obj) for obj in _related_objects(person)],
        "revisionsspor": [],
    }
    if person.user_id:
        user = person.user
        data["login"] = {
            "brugernavn": user.username,
            "e-mail": user.email,
            "oprettet": user.date_joined,
            "sidste login": user.last_login,
            "grupper": list(user.groups.values_list("name", flat=True)),
        }
        data["revisionsspor"] = list(
            AuditEntry.objects.filter(actor=user).values("at", "action", "object_type", "object_repr", "ip_address")
        )
    audit_record(action=AuditEntry.Action.DOWNLOAD, obj=person, object_repr=f"Persondata for {person}")
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def person_export_pdf(*, person: Person) -> tuple[str, str, bytes]:
    """Render the person's data as a PDF; return filename, content type and bytes."""
    from weasyprint import HTML

    html = render_to_string("coordination/pdf/person_export.html", {"data": person_export(person=person)})
    return f"persondata-{person.pk}.pdf", "application/pdf", HTML(string=html).write_pdf()


@transaction.atomic
def person_anonymise(*, person: Person, on: datetime.date | None = None) -> Person:
    """Replace the person's identity with "Tidligere medlem"; minutes and decisions stay readable.
    Current memberships end, and the login is closed."""
    on = on or timezone.localdate()
    for membership in person.memberships.filter(models.Q(end__isnull=True) | models.Q(end__gt=on)):
        membership.end = max(on, membership.start)
        membership.full_clean()
        membership.save()
    user = person.user
    person.name = f"{FORMER_MEMBER} ({person.pk})"
    person.title = ""
    person.email = ""
    person.phone = ""
    person.user = None
    person.full_clean()
    person.save()
    if user is not None:
        user.is_active = False
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.username = f"anonymiseret-{user.pk}"
        user.set_unusable_password()
        user.save()
    return person


def person_erase(*, person: Person) -> None:
    """Delete the person, unless case records refer to them; then refuse, log the reason, and keep them.
    Not one transaction: the refusal's audit entry must stay when the refusal is raised."""
    kept = [obj for obj in _related_objects(person) if not isinstance(obj, Membership)]
    if person.memberships.exists() or kept:
        kinds = sorted({obj._meta.verbose_name_plural for obj in [*person.memberships.all(), *kept]})
        reason = _(
            "Sletning afvist: %(person)s indgår i sager, som kommunen har pligt til at opbevare (%(kinds)s). "
            "Personen kan anonymiseres i stedet."
        ) % {"person": person, "kinds": ", ".join(str(kind) for kind in kinds)}
        audit_record(action=AuditEntry.Action.REFUSED, obj=person, changes={"begrundelse": reason})
        raise ErasureRefused(reason)
    with transaction.atomic():
        user = person.user
        person.delete()
        if user is not None:
            user.delete()
