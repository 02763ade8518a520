"""seed_demo loads the kommissorium whole, twice without change, and refuses a broken file whole."""

import datetime
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from coordination.models import Body, Membership, Organisation, Person, PurposeItem

DATA = Path(settings.BASE_DIR) / "data"
MODELS = [Organisation, Person, Body, PurposeItem, Membership]


def _snapshot():
    return {model.__name__: sorted(model.objects.values_list()) for model in MODELS} | {
        "users": sorted(get_user_model().objects.values_list("username", "password", "email", "is_staff"))
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_every_body_of_the_kommissorium_with_its_place_in_the_chart(seeded):
    chart = dict(Body.objects.values_list("slug", "parent__slug"))
    assert chart == {
        "boligforum": None,
        "ekstern-styregruppe": "boligforum",
        "intern-styregruppe": "ekstern-styregruppe",
        "sekretariat": "intern-styregruppe",
        "kontaktgrupper": "sekretariat",
        "renoveringsgruppe": "sekretariat",
        "abc": "sekretariat",
    }
    assert set(Body.objects.filter(is_external=True).values_list("slug", flat=True)) == {
        "boligforum",
        "ekstern-styregruppe",
    }


def test_purposes_and_cadences_come_from_the_kommissorium(seeded):
    assert PurposeItem.objects.filter(body__slug="boligforum").count() == 6
    assert PurposeItem.objects.filter(body__slug="sekretariat").count() == 8
    assert PurposeItem.objects.filter(body__slug="abc").count() == 9
    intern = Body.objects.get(slug="intern-styregruppe")
    assert intern.cadence_label == "Kvartalsvis og i øvrigt efter behov"
    assert "INTERVAL=3" in intern.cadence_rrule
    assert Body.objects.get(slug="kontaktgrupper").is_ad_hoc


def test_members_roles_and_the_stand_in_on_maternity_leave(seeded):
    coordinator = Membership.objects.get(body__slug="sekretariat", person__name="Alice Petersen")
    assert coordinator.role == Membership.Role.COORDINATOR
    assert Membership.objects.filter(body__slug="renoveringsgruppe").count() == 7
    mai = Membership.objects.get(body__slug="abc", person__name="Mai Green")
    trine = Membership.objects.get(body__slug="abc", person__name="Trine Sander")
    assert mai.on_leave
    assert trine.stands_in_for == mai
    assert trine.role == Membership.Role.STAND_IN


def test_every_organisation_the_kommissorium_names(seeded):
    names = set(Organisation.objects.values_list("short_name", flat=True))
    assert {"BO-VEST", "KAB/Hedemarken", "DAB/Rådhusdammen", "KKIK/Morbærhaven"} <= names
    assert {"MTF", "SOF", "FF", "KF", "BUF", "KUF", "Borgerservice"} <= names


def test_demo_logins_have_their_roles_and_the_demo_password(seeded):
    expected = {
        "sekretariat": "Sekretariat",
        "direktion": "Direktion",
        "medarbejder": "Medarbejder",
        "bovest": "Boligorganisation",
        "kab": "Boligorganisation",
    }
    for username, group in expected.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password("demo"), username
        assert list(user.groups.values_list("name", flat=True)) == [group]
    assert get_user_model().objects.get(username="bovest").person.organisation.short_name == "BO-VEST"
    assert get_user_model().objects.get(username="kab").person.organisation.short_name == "KAB/Hedemarken"


def test_demo_password_comes_from_the_environment(db, settings):
    settings.DEMO_PASSWORD = "en-anden-kode"
    call_command("seed_demo", verbosity=0)
    kab = get_user_model().objects.get(username="kab")
    assert kab.check_password("en-anden-kode")
    assert not kab.check_password("demo")


def test_running_twice_changes_nothing(seeded):
    before = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == before


def _broken_copy(tmp_path, mutate) -> Path:
    document = yaml.safe_load((DATA / "kommissorium.yaml").read_text(encoding="utf-8"))
    mutate(document)
    path = tmp_path / "kommissorium.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["bodies"][2]["cadence"].update(rrule="FREQ=SOMETIMES"), "organ nr. 3 »Intern styregruppe«"),
        (lambda d: d["bodies"][6]["members"][0].update(person="Ukendt Person"), "ukendt person »Ukendt Person«"),
        (lambda d: d["people"][0].pop("organisation"), "person nr. 1: feltet »organisation« mangler"),
        (lambda d: d["organisations"][1].update(kind="planet"), "organisation nr. 2 »MTF«: feltet »kind«"),
        (lambda d: d["bodies"][3]["members"][0].update(end=datetime.date(2000, 1, 1)), "feltet »end«"),
    ],
)
def test_a_broken_file_is_refused_whole_with_a_danish_message(db, tmp_path, mutate, message):
    path = _broken_copy(tmp_path, mutate)
    with pytest.raises(CommandError) as raised:
        call_command("seed_demo", kommissorium=path, verbosity=0)
    assert "Intet er indlæst" in str(raised.value)
    assert "kommissorium.yaml" in str(raised.value)
    assert message in str(raised.value)
    assert all(model.objects.count() == 0 for model in MODELS)
    assert not get_user_model().objects.exists()


def test_a_file_that_is_not_yaml_is_refused(db, tmp_path):
    path = tmp_path / "kommissorium.yaml"
    path.write_text("bodies: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match="kan ikke læses som YAML"):
        call_command("seed_demo", kommissorium=path, verbosity=0)
    assert not Body.objects.exists()
