"""Volume data of the coordination: housing organisations, people with logins, memberships."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from coordination.models import Body, Membership, Organisation, Person
from lib.roles import Role

HOUSING_ORGANISATIONS = 15
USERS = 300


def generate(*, years: int) -> dict[str, int]:
    """Create up to 15 housing organisations and 300 people with logins spread over the roles and bodies."""
    for number in range(Organisation.objects.filter(kind=Organisation.Kind.HOUSING).count(), HOUSING_ORGANISATIONS):
        Organisation.objects.create(
            short_name=f"Volumen {number + 1:02}",
            name=f"Boligorganisation {number + 1:02} (volumen)",
            kind=Organisation.Kind.HOUSING,
        )
    housing = list(Organisation.objects.filter(kind=Organisation.Kind.HOUSING))
    departments = list(Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT))
    existing = get_user_model().objects.filter(username__startswith="volumen-").count()
    groups = {role: Group.objects.get(name=role.value) for role in Role}
    unusable_password = make_password(None)
    users, people = [], []
    for number in range(existing, USERS):
        role = [Role.MEDARBEJDER, Role.BOLIGORGANISATION, Role.SEKRETARIAT, Role.DIREKTION][number % 4]
        choices = housing if role == Role.BOLIGORGANISATION else departments
        organisation = choices[number % len(choices)]
        user = get_user_model()(
            username=f"volumen-{number:03}", password=unusable_password, email=f"v{number}@example.invalid"
        )
        users.append((user, role))
        people.append(
            Person(name=f"Volumenperson {number:03}", organisation=organisation, email=f"v{number}@example.invalid")
        )
    get_user_model().objects.bulk_create([user for user, _ in users])
    for (user, role), person in zip(users, people, strict=True):
        person.user = user
        user.groups.add(groups[role])
    Person.objects.bulk_create(people)
    bodies = list(Body.objects.all())
    start = datetime.date.today() - datetime.timedelta(days=365 * years)
    Membership.objects.bulk_create(
        [
            Membership(body=bodies[index % len(bodies)], person=person, start=start)
            for index, person in enumerate(people)
        ],
        ignore_conflicts=True,
    )
    return {"boligorganisationer": len(housing), "brugere": len(users), "medlemskaber": len(people)}
