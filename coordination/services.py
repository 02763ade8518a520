"""Changes to the organisation of the coordination: loading the kommissorium, people, bodies, memberships."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from coordination.models import Body, Membership, Organisation, Person, PurposeItem
from lib.concurrency import save_versioned
from lib.roles import Role

PORTAL_APPS = ("coordination", "meetings", "dialogue")


class DataFileError(Exception):
    """A data file that does not validate; `problems` names file, entry and field, in Danish."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class _Loader:
    path: Path
    problems: list[str] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.path.name}: {where}: {message}")

    def require(self, entry: Any, key: str, where: str) -> Any:
        if not isinstance(entry, dict):
            self.problem(where, "posten skal være en samling af felter")
            return None
        if key not in entry or entry[key] in (None, ""):
            self.problem(where, f"feltet »{key}« mangler")
            return None
        return entry[key]

    def save(self, obj: models.Model, where: str) -> models.Model | None:
        try:
            obj.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = "posten" if name == "__all__" else f"feltet »{name}«"
                self.problem(where, f"{label}: {' '.join(messages)}")
            return None
        obj.save()
        return obj


def _upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def _local_datetime(value: Any) -> datetime.datetime:
    parsed = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
    return timezone.make_aware(parsed, timezone.get_default_timezone()) if timezone.is_naive(parsed) else parsed


def _read_yaml(path: Path) -> dict:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DataFileError([f"{path.name}: filen findes ikke"]) from error
    except yaml.YAMLError as error:
        raise DataFileError([f"{path.name}: filen kan ikke læses som YAML: {error}"]) from error
    if not isinstance(document, dict):
        raise DataFileError([f"{path.name}: filen skal indeholde en samling af afsnit"])
    return document


def roles_ensure() -> None:
    """Create the portal's groups; give the secretariat the admin permissions of the portal's apps."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    secretariat = Group.objects.get(name=Role.SEKRETARIAT)
    secretariat.permissions.add(*Permission.objects.filter(content_type__app_label__in=PORTAL_APPS))


@transaction.atomic
def kommissorium_load(*, path: Path) -> dict[str, int]:
    """Load the kommissorium's organisations, people and bodies; all or nothing, and idempotent."""
    document = _read_yaml(path)
    loader = _Loader(path)
    default_start = document.get("membership_start")
    organisations: dict[str, Organisation] = {}
    people: dict[str, Person] = {}
    bodies: dict[str, Body] = {}

    for index, entry in enumerate(document.get("organisations") or [], start=1):
        where = f"organisation nr. {index}"
        short_name = loader.require(entry, "short_name", where)
        if short_name is None:
            continue
        where = f"organisation nr. {index} »{short_name}«"
        obj = _upsert(
            Organisation,
            {"short_name": short_name},
            {
                "name": entry.get("name") or short_name,
                "kind": entry.get("kind", ""),
                "description": entry.get("description", ""),
            },
        )
        if loader.save(obj, where):
            organisations[short_name] = obj

    for index, entry in enumerate(document.get("people") or [], start=1):
        where = f"person nr. {index}"
        name = loader.require(entry, "name", where)
        org_name = loader.require(entry, "organisation", where)
        if name is None or org_name is None:
            continue
        where = f"person nr. {index} »{name}«"
        organisation = organisations.get(org_name)
        if organisation is None:
            loader.problem(where, f"feltet »organisation«: ukendt organisation »{org_name}«")
            continue
        obj = _upsert(Person, {"name": name}, {"organisation": organisation, "title": entry.get("title") or ""})
        if loader.save(obj, where):
            people[name] = obj

    counts = {"organisationer": len(organisations), "personer": len(people), "organer": 0, "medlemskaber": 0}
    for index, entry in enumerate(document.get("bodies") or [], start=1):
        where = f"organ nr. {index}"
        slug = loader.require(entry, "slug", where)
        if slug is None:
            continue
        where = f"organ nr. {index} »{entry.get('name') or slug}«"
        cadence = entry.get("cadence") or {}
        parent_slug = entry.get("parent")
        if parent_slug and parent_slug not in bodies:
            loader.problem(where, f"feltet »parent«: ukendt overordnet organ »{parent_slug}« (skal stå før)")
            continue
        try:
            cadence_start = _local_datetime(cadence["start"]) if cadence.get("start") else None
        except ValueError:
            loader.problem(where, f"feltet »cadence.start«: ugyldigt tidspunkt »{cadence.get('start')}«")
            continue
        body = _upsert(
            Body,
            {"slug": slug},
            {
                "name": entry.get("name", ""),
                "kind": entry.get("kind", ""),
                "is_external": bool(entry.get("external", False)),
                "parent": bodies.get(parent_slug) if parent_slug else None,
                "position": entry.get("position", 0),
                "description": (entry.get("description") or "").strip(),
                "participants_note": (entry.get("participants_note") or "").strip(),
                "cadence_rrule": cadence.get("rrule") or "",
                "cadence_label": cadence.get("label", ""),
                "cadence_start": cadence_start,
            },
        )
        if not loader.save(body, where):
            continue
        bodies[slug] = body
        counts["organer"] += 1
        for position, text in enumerate(entry.get("purposes") or [], start=1):
            purpose = _upsert(PurposeItem, {"body": body, "position": position}, {"text": text})
            loader.save(purpose, f"{where}, formål nr. {position}")
        body.purposes.filter(position__gt=len(entry.get("purposes") or [])).delete()
        by_person: dict[str, Membership] = {}
        for number, member in enumerate(entry.get("members") or [], start=1):
            member_where = f"{where}, deltager nr. {number}"
            person_name = loader.require(member, "person", member_where)
            if person_name is None:
                continue
            person = people.get(person_name)
            if person is None:
                loader.problem(member_where, f"feltet »person«: ukendt person »{person_name}«")
                continue
            covered_name = member.get("stands_in_for")
            if covered_name and covered_name not in by_person:
                loader.problem(member_where, f"feltet »stands_in_for«: »{covered_name}« er ikke deltager før")
                continue
            membership = _upsert(
                Membership,
                {"body": body, "person": person, "start": member.get("start", default_start)},
                {
                    "role": member.get("role", Membership.Role.MEMBER),
                    "capacity": member.get("capacity") or "",
                    "end": member.get("end"),
                    "on_leave": bool(member.get("on_leave", False)),
                    "stands_in_for": by_person.get(covered_name) if covered_name else None,
                },
            )
            if loader.save(membership, member_where):
                by_person[person_name] = membership
                counts["medlemskaber"] += 1

    if loader.problems:
        raise DataFileError(loader.problems)
    roles_ensure()
    return counts


@transaction.atomic
def demo_logins_create(*, path: Path, password: str) -> list[str]:
    """Create or refresh the demo logins and their people; all or nothing, and idempotent."""
    document = _read_yaml(path)
    loader = _Loader(path)
    roles_ensure()
    user_model = get_user_model()
    usernames = []
    for index, entry in enumerate(document.get("logins") or [], start=1):
        where = f"login nr. {index}"
        username = loader.require(entry, "username", where)
        role = loader.require(entry, "role", where)
        person_name = loader.require(entry, "person", where)
        org_name = loader.require(entry, "organisation", where)
        if None in (username, role, person_name, org_name):
            continue
        where = f"login nr. {index} »{username}«"
        if role not in Role.values:
            loader.problem(where, f"feltet »role«: ukendt rolle »{role}«")
            continue
        organisation = Organisation.objects.filter(short_name=org_name).first()
        if organisation is None:
            loader.problem(where, f"feltet »organisation«: ukendt organisation »{org_name}«")
            continue
        user = user_model.objects.filter(username=username).first() or user_model(username=username)
        user.email = entry.get("email", "")
        user.is_staff = role == Role.SEKRETARIAT
        if user.pk is None or not user.check_password(password):
            user.set_password(password)
        if not loader.save(user, where):
            continue
        user.groups.set([Group.objects.get(name=role)])
        person = Person.objects.filter(name=person_name).first() or Person(name=person_name)
        person.organisation = person.organisation if person.pk else organisation
        person.title = person.title or entry.get("title", "")
        person.email = person.email or user.email
        person.user = user
        if not loader.save(person, f"{where}, person"):
            continue
        for number, member in enumerate(entry.get("memberships") or [], start=1):
            body = Body.objects.filter(slug=member.get("body")).first()
            member_where = f"{where}, medlemskab nr. {number}"
            if body is None:
                loader.problem(member_where, f"feltet »body«: ukendt organ »{member.get('body')}«")
                continue
            membership = _upsert(
                Membership,
                {"body": body, "person": person, "start": member.get("start", datetime.date(2025, 1, 1))},
                {"role": member.get("role", Membership.Role.MEMBER), "capacity": member.get("capacity", "")},
            )
            loader.save(membership, member_where)
        usernames.append(username)
    if loader.problems:
        raise DataFileError(loader.problems)
    return usernames


def _clean_and_save(obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def person_save(*, person: Person) -> Person:
    """Validate and store a new or changed person."""
    return _clean_and_save(person)


def body_update(*, body: Body, read_version: int) -> Body:
    """Validate and store the changed body (description, cadence, place in the chart), unless someone else saved
    it since it was read at `read_version` (raises lib.concurrency.StaleEdit)."""
    return save_versioned(body, read_version=read_version)


@transaction.atomic
def membership_create(*, membership: Membership) -> Membership:
    """Validate and store a new membership of a body."""
    return _clean_and_save(membership)


@transaction.atomic
def membership_end(*, membership: Membership, on: datetime.date) -> Membership:
    """End a membership on the given day; its stand-ins end with it."""
    membership.end = on
    _clean_and_save(membership)
    for stand_in in membership.stand_ins.filter(models.Q(end__isnull=True) | models.Q(end__gt=on)):
        stand_in.end = max(on, stand_in.start)
        _clean_and_save(stand_in)
    return membership
