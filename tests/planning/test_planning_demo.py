"""The demo data: seed_demo loads it, twice without change, and every planning page shows it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from planning.models import DataImport, DwellingFigure, ElderlyHousing, PhaseDate, PopulationFigure, RenovationProject

MODELS = [DataImport, PopulationFigure, DwellingFigure, ElderlyHousing, RenovationProject, PhaseDate]


def _snapshot() -> dict:
    return {model.__name__: sorted(model.objects.values_list()) for model in MODELS}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_seed_demo_loads_planning_data_marked_demo_and_twice_changes_nothing(seeded):
    first = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == first
    assert RenovationProject.objects.count() == 5
    assert not RenovationProject.objects.filter(is_demo=False).exists()
    assert set(DataImport.objects.values_list("is_demo", flat=True)) == {True}
    assert not PopulationFigure.objects.filter(is_demo=False).exists()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("planning:dashboard", "Renoveringsprojekter efter fase"),
        ("planning:population", "80+ år"),
        ("planning:dwellings", "Almene boligers andel (%)"),
        ("planning:elderly", "Plejecenter Albertshøj (demo)"),
        ("planning:project_list", "Helhedsplan Galgebakken (demo)"),
    ],
)
def test_pages_show_the_demo_data_with_chart_and_table(client, seeded, django_user_model, name, text):
    client.force_login(django_user_model.objects.get(username="sekretariat"))
    page = client.get(reverse(name)).content.decode()
    assert text in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert '<th scope="row">' in page
