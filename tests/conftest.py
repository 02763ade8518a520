"""The usual cast, and the rule that the suite runs against PostgreSQL and Redis for real."""

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import Group

from coordination.models import Body, Membership, Organisation, Person
from lib.roles import Role

# Fixtures kept beside the tests that use them.
pytest_plugins = ["tests.meetings.conftest_notify"]


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError("Testene kører mod PostgreSQL: sæt DATABASE_URL (make test gør det), ikke " + engine)
    if not settings.REDIS_URL:
        raise pytest.UsageError("Testene kører mod Redis: sæt REDIS_URL (make test gør det).")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise pytest.UsageError(f"Redis svarer ikke på {settings.REDIS_URL}: {error}") from error
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SECURE_SSL_REDIRECT = False
    # Two-factor login has its own tests (tests/test_twofactor.py), which switch it on.
    settings.OTP_REQUIRED_ROLES = []
    # Static files straight from static/ (no collectstatic manifest in tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisations(db):
    return {
        "MTF": Organisation.objects.create(short_name="MTF", name="MTF", kind=Organisation.Kind.DEPARTMENT),
        "BO-VEST": Organisation.objects.create(short_name="BO-VEST", name="BO-VEST", kind=Organisation.Kind.HOUSING),
        "KAB": Organisation.objects.create(short_name="KAB", name="KAB", kind=Organisation.Kind.HOUSING),
    }


@pytest.fixture
def make_user(db, django_user_model, organisations):
    """Return a factory: a user with a role and a person in an organisation."""

    def make(username: str, role: Role | None, organisation: str = "MTF", **person_fields):
        user = django_user_model.objects.create_user(username=username, password="hemmelig-kode-123")
        if role is not None:
            group, _ = Group.objects.get_or_create(name=role.value)
            user.groups.add(group)
        Person.objects.create(
            name=person_fields.pop("name", username.title()),
            organisation=organisations[organisation],
            user=user,
            **person_fields,
        )
        return user

    return make


@pytest.fixture
def sekretariat(make_user):
    return make_user("sekr", Role.SEKRETARIAT)


@pytest.fixture
def direktion(make_user):
    return make_user("dir", Role.DIREKTION)


@pytest.fixture
def medarbejder(make_user):
    return make_user("med", Role.MEDARBEJDER)


@pytest.fixture
def board_member_a(make_user):
    return make_user("bo_a", Role.BOLIGORGANISATION, organisation="BO-VEST")


@pytest.fixture
def board_member_b(make_user):
    return make_user("bo_b", Role.BOLIGORGANISATION, organisation="KAB")


@pytest.fixture
def outsider(make_user):
    """A logged-in user with no role in the portal."""
    return make_user("udenfor", None)


@pytest.fixture
def body(db):
    import datetime

    from django.utils import timezone

    parent = Body.objects.create(
        name="Intern styregruppe", slug="intern-styregruppe", kind=Body.Kind.STEERING, cadence_label="Ad hoc"
    )
    body = Body.objects.create(
        name="Sekretariat",
        slug="sekretariat",
        kind=Body.Kind.SECRETARIAT,
        parent=parent,
        cadence_rrule="FREQ=MONTHLY;BYDAY=1TU",
        cadence_label="En gang om måneden",
        cadence_start=timezone.make_aware(datetime.datetime(2009, 2, 3, 9, 0)),
    )
    body.purposes.create(text="at sikre at styringsdialog gennemføres", position=1)
    return body


@pytest.fixture
def membership(body, organisations):
    import datetime

    person = Person.objects.create(
        name="Alice Petersen", organisation=organisations["MTF"], email="alice@example.dk", phone="43 68 68 68"
    )
    return Membership.objects.create(
        body=body, person=person, role=Membership.Role.COORDINATOR, start=datetime.date(2009, 1, 8)
    )
