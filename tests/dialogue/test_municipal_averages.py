"""The stored municipal averages of the key figures: refreshed by every change to key figures or estate areas
(import, estate form, admin, volume seeder) and equal to what the pages computed from every figure before."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue import services
from dialogue.models import Estate, KeyFigure, Measure, MunicipalAverage
from dialogue.selectors import estate_trends, keyfigure_averages, municipal_averages, municipal_trends
from tests.dialogue.test_keyfigures import GOOD, _csv


def _municipal(measure: str, year: int) -> Decimal | None:
    trend = next((t for t in municipal_trends() if t.measure == measure), None)
    return next((p.value for p in trend.points if p.year == year), None) if trend else None


def _with_area(estate: Estate, area: int) -> dict:
    """Return the estate's form data with another area."""
    return {**model_to_dict(estate), "area_m2": area}


def test_import_changes_the_averages_shown(estate_a, estate_b):
    services.keyfigures_import(data=GOOD)
    # Weighted by area: (930*62500 + 1100*30500) / 93000.
    assert _municipal(Measure.RENT, 2025) == Decimal("985.75")
    assert _municipal(Measure.VACANT_FEB1, 2025) == Decimal("2.00")  # a count: the plain average of 1 and 3
    services.keyfigures_import(data=_csv("KAB;HM-01;2025;30500;1.300,00;;;5;;;;;"))
    # (930*62500 + 1300*30500) / 93000 and (1 + 5) / 2.
    assert _municipal(Measure.RENT, 2025) == Decimal("1051.34")
    assert _municipal(Measure.VACANT_FEB1, 2025) == Decimal("3.00")
    rent = next(t for t in estate_trends(estate=estate_a) if t.measure == Measure.RENT)
    assert rent.points[-1].municipal == Decimal("1051.34")


def test_benchmark_import_leaves_the_averages_alone(estate_a, estate_b):
    services.keyfigures_import(data=GOOD)
    stored = municipal_averages()
    header = "aar;" + GOOD.decode().split("\n")[0].split(";", 4)[4]
    services.keyfigures_import(data=_csv("2025;990,00;1,20;11,5;;462,00;;;;", header=header), benchmark=True)
    assert municipal_averages() == stored


def test_estate_area_change_changes_the_area_weighted_average(estate_a, estate_b):
    services.keyfigures_import(data=GOOD)
    estate_b.area_m2 = 62500
    services.estate_save(estate=estate_b)
    assert _municipal(Measure.RENT, 2025) == Decimal("1015.00")  # now an even split of 930 and 1100
    assert _municipal(Measure.VACANT_FEB1, 2025) == Decimal("2.00")  # counts are not weighted


def test_estate_form_changes_the_average(client, sekretariat, estate_a, estate_b):
    services.keyfigures_import(data=GOOD)
    client.force_login(sekretariat)
    response = client.post(reverse("dialogue:estate_edit", args=[estate_b.pk]), _with_area(estate_b, 62500))
    assert response.status_code == 302
    assert _municipal(Measure.RENT, 2025) == Decimal("1015.00")


def test_saving_an_estate_without_changing_its_area_does_not_recompute(estate_a):
    estate_a.name = "Galgebakken Nord"
    with CaptureQueriesContext(connection) as queries:
        services.estate_save(estate=estate_a)
    assert not [query for query in queries if "dialogue_keyfigure" in query["sql"]]


@pytest.fixture
def many_figures(organisations):
    """Figures of estates of different areas, one of them of no area (its weight is none, its figures count)."""
    values = iter(range(1, 10_000))
    for number, area in enumerate([62000, 30500, 1234, 0, 777]):
        estate = Estate.objects.create(
            organisation=organisations["KAB"],
            number=f"M{number}",
            name=f"Afd {number}",
            address="Vej",
            units=10,
            area_m2=area,
            year_built=1970,
        )
        for year in (2023, 2024, 2025):
            for measure in Measure:
                value = Decimal(next(values) * 37 % 1000) + Decimal("0.07") * number
                KeyFigure.objects.create(estate=estate, year=year, measure=measure, value=value)
    # The municipality's estates all lack an area for one measure and year: the plain average is used.
    KeyFigure.objects.filter(year=2023, measure=Measure.RENT).exclude(estate__area_m2=0).delete()


def test_refresh_stores_the_values_computed_from_every_figure(many_figures):
    assert services.municipal_averages_refresh() == len(Measure) * 3
    assert municipal_averages() == keyfigure_averages(KeyFigure.objects.all())
    assert all(value.as_tuple().exponent == -2 for value in municipal_averages().values())
    figures = KeyFigure.objects.filter(year=2024, measure=Measure.OPERATING_COST).select_related("estate")
    by_hand = sum(f.value * f.estate.area_m2 for f in figures) / sum(f.estate.area_m2 for f in figures)
    assert municipal_averages()[(Measure.OPERATING_COST, 2024)] == by_hand.quantize(Decimal("0.01"))


def test_refresh_replaces_averages_of_figures_that_are_gone(many_figures):
    services.municipal_averages_refresh()
    KeyFigure.objects.filter(year=2023).delete()
    services.municipal_averages_refresh()
    assert {year for _measure, year in municipal_averages()} == {2024, 2025}


def test_migration_fills_the_same_values(many_figures):
    migration = importlib.import_module("dialogue.migrations.0004_municipal_averages")
    migration.fill(apps, None)
    filled = municipal_averages()
    assert filled == keyfigure_averages(KeyFigure.objects.all())
    MunicipalAverage.objects.all().delete()
    services.municipal_averages_refresh()
    assert municipal_averages() == filled


def test_trends_read_the_stored_averages_not_every_figure(estate_a, estate_b, django_assert_num_queries):
    services.keyfigures_import(data=GOOD)
    with django_assert_num_queries(2):  # the stored averages and the benchmarks
        municipal_trends()
    with django_assert_num_queries(3):  # the estate's averages, the stored ones of its years, the benchmarks
        estate_trends(estate=estate_a)


def test_admin_changes_refresh_the_averages(admin_client, estate_a, estate_b):
    services.keyfigures_import(data=GOOD)
    figure = KeyFigure.objects.get(estate=estate_b, year=2025, measure=Measure.RENT)
    response = admin_client.post(
        reverse("admin:dialogue_keyfigure_change", args=[figure.pk]),
        {"estate": estate_b.pk, "year": 2025, "measure": Measure.RENT, "value": "1300.00"},
    )
    assert response.status_code == 302
    assert _municipal(Measure.RENT, 2025) == Decimal("1051.34")
    response = admin_client.post(reverse("admin:dialogue_keyfigure_delete", args=[figure.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert _municipal(Measure.RENT, 2025) == Decimal("930.00")
    response = admin_client.post(
        reverse("admin:dialogue_estate_changelist"),
        {"action": "delete_selected", "_selected_action": [estate_a.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Estate.objects.filter(pk=estate_a.pk).exists()
    assert _municipal(Measure.RENT, 2025) is None
    assert _municipal(Measure.VACANT_FEB1, 2025) == Decimal("3.00")


def test_admin_estate_area_change_refreshes_the_averages(admin_client, estate_a, estate_b):
    services.keyfigures_import(data=GOOD)
    response = admin_client.post(
        reverse("admin:dialogue_estate_change", args=[estate_b.pk]), _with_area(estate_b, 62500)
    )
    assert response.status_code == 302
    assert _municipal(Measure.RENT, 2025) == Decimal("1015.00")


def test_volume_seeder_stores_the_averages(organisations):
    from dialogue import volume

    volume.generate(years=2)
    assert municipal_averages() == keyfigure_averages(KeyFigure.objects.all())
    assert len(municipal_averages()) == 2 * len(volume.BASE)
