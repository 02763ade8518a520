"""Every table to CSV (semicolons, Danish decimals, BOM for Excel) and to Excel (numbers stay numbers)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dialogue import services as dialogue_services
from dialogue.models import KeyFigure, Measure
from planning.models import (
    CoordinationTheme,
    DwellingFigure,
    ElderlyHousing,
    Phase,
    PhaseDate,
    PopulationFigure,
)
from planning.views import DATA_TABLES


@pytest.fixture
def figures(db):
    PopulationFigure.objects.create(kind=PopulationFigure.Kind.COUNTED, year=2025, age=3, count=1200)
    PopulationFigure.objects.create(kind=PopulationFigure.Kind.COUNTED, year=2025, age=90, count=300)
    DwellingFigure.objects.create(year=2025, ownership="Almene boligselskaber", dwelling_type="Etageboliger", count=2)
    DwellingFigure.objects.create(year=2025, ownership="Privatpersoner inkl. I/S", dwelling_type="Andet", count=1)


def test_population_as_csv(client, medarbejder, figures):
    client.force_login(medarbejder)
    response = client.get(reverse("planning:data_export", args=["befolkning", "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="befolkning.csv"'
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "\ufeffÅr;0–5 år;6–16 år;17–24 år;25–64 år;65–79 år;80+ år;I alt"
    assert lines[1] == "2025;1200;0;0;0;0;300;1500"


def test_dwellings_share_uses_a_decimal_comma_in_csv_and_a_number_in_excel(client, medarbejder, figures):
    client.force_login(medarbejder)
    csv_row = client.get(reverse("planning:data_export", args=["boliger", "csv"])).content.decode().splitlines()[1]
    assert csv_row.endswith(";3;66,7")
    response = client.get(reverse("planning:data_export", args=["boliger", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Boliger i Albertslund efter ejerforhold pr. 1. januar"
    assert sheet["A2"].value == "År"
    assert sheet.cell(row=3, column=sheet.max_column).value == pytest.approx(66.7)


@pytest.mark.parametrize("table", sorted(DATA_TABLES))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_data_table_exports(client, sekretariat, project, figures, table, fmt):
    client.force_login(sekretariat)
    response = client.get(reverse("planning:data_export", args=[table, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{table}.{fmt}"'


@pytest.mark.parametrize("table", ["moeder", "styringsdialog", "pipeline", "noegletal-husleje_m2"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_dashboard_table_exports(client, direktion, estate, table, fmt):
    KeyFigure.objects.create(estate=estate, year=2025, measure=Measure.RENT, value=900)
    dialogue_services.municipal_averages_refresh()
    client.force_login(direktion)
    response = client.get(reverse("planning:dashboard_export", args=[table, fmt]) + "?aar=2025")
    assert response.status_code == 200


@pytest.mark.parametrize(("table", "fmt"), [("hemmelig", "csv"), ("befolkning", "pdf")])
def test_unknown_table_or_format_is_404(client, sekretariat, table, fmt):
    client.force_login(sekretariat)
    assert client.get(reverse("planning:data_export", args=[table, fmt])).status_code == 404


def test_project_phases_and_themes_export_with_every_project(client, medarbejder, project):
    PhaseDate.objects.create(project=project, phase=Phase.IDEA, starts_on=datetime.date(2024, 3, 1))
    client.force_login(medarbejder)
    phases = client.get(reverse("planning:data_export", args=["faser", "csv"])).content.decode("utf-8-sig")
    assert "Helhedsplan Galgebakken;Galgebakken;Idé;2024-03-01;" in phases
    themes = client.get(reverse("planning:data_export", args=["temaer", "csv"])).content.decode("utf-8-sig")
    assert themes.count("Helhedsplan Galgebakken;") == len(CoordinationTheme)


def test_register_of_homes_for_the_elderly_exports(client, medarbejder, db):
    ElderlyHousing.objects.create(
        kind=ElderlyHousing.Kind.NURSING, name="Plejecenter Albertshøj", units=80, first_year=2012
    )
    client.force_login(medarbejder)
    text = client.get(reverse("planning:data_export", args=["aeldreboliger", "csv"])).content.decode("utf-8-sig")
    assert "Plejecenter Albertshøj;Plejeboliger;;80;2012;" in text
