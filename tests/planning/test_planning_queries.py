"""Bounded queries: each planning page costs the same number of queries with ten times the data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import Body, Organisation, Person
from dialogue import services as dialogue_services
from dialogue.models import Estate, KeyFigure, Measure
from planning import services
from planning.models import (
    ElderlyHousing,
    EvaluationReport,
    Phase,
    PhaseDate,
    PopulationFigure,
    ProjectExpert,
    RenovationProject,
)
from tests.planning.conftest import make_meetings

YEAR = 2025


def _grow(factor: int, *, project: RenovationProject, person: Person, sekretariat) -> None:
    """Add `factor` more of everything the pages show."""
    start = Body.objects.count()
    for number in range(start, start + factor):
        body = Body.objects.create(
            name=f"Gruppe {number}", slug=f"gruppe-{number}", kind=Body.Kind.WORKING_GROUP, cadence_label="Ad hoc"
        )
        make_meetings(body=body, year=YEAR, count=2, person=person)
        organisation = Organisation.objects.create(
            short_name=f"BO{number}", name=f"Bolig {number}", kind=Organisation.Kind.HOUSING
        )
        dialogue_services.round_create(organisation=organisation, year=YEAR, actor=sekretariat)
        estate = Estate.objects.create(
            organisation=organisation,
            number=f"{number}",
            name=f"Afd {number}",
            address="Vej",
            units=10,
            area_m2=900,
            year_built=1970,
        )
        KeyFigure.objects.create(estate=estate, year=2010 + number % 15, measure=Measure.RENT, value=Decimal("900"))
        extra = services.project_create(project=RenovationProject(estate=estate, title=f"Projekt {number}"))
        PhaseDate.objects.create(project=extra, phase=Phase.IDEA, starts_on=datetime.date(2023, 1, 1))
        PhaseDate.objects.create(project=extra, phase=Phase.MASTER_PLAN, starts_on=datetime.date(2024, 1, 1))
        expert_person = Person.objects.create(name=f"Ekspert {number}", organisation=organisation)
        ProjectExpert.objects.create(project=project, person=expert_person, role="rådgiver")
        PopulationFigure.objects.create(
            kind=PopulationFigure.Kind.COUNTED, year=1990 + number, age=number % 100, count=5
        )
        PopulationFigure.objects.create(kind=PopulationFigure.Kind.FORECAST, year=2040 + number, age=85, count=5)
        ElderlyHousing.objects.create(
            kind=ElderlyHousing.Kind.ELDERLY, name=f"Ældre {number}", units=10, first_year=2000
        )
        EvaluationReport.objects.create(year=YEAR, requested_by=sekretariat)
    dialogue_services.municipal_averages_refresh()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    [
        "planning:dashboard",
        "planning:population",
        "planning:dwellings",
        "planning:elderly",
        "planning:project_list",
        "planning:project_detail",
        "planning:report_list",
        "planning:statbank_import",
    ],
)
def test_page_queries_do_not_grow_with_the_data(client, sekretariat, project, membership, name):
    url = reverse(name, args=[project.pk]) if name == "planning:project_detail" else reverse(name)
    url += f"?aar={YEAR}" if name == "planning:dashboard" else ""
    client.force_login(sekretariat)
    _grow(1, project=project, person=membership.person, sekretariat=sekretariat)
    once = _count(client, url)
    _grow(10, project=project, person=membership.person, sekretariat=sekretariat)
    assert _count(client, url) == once


def test_the_project_list_shows_a_page_of_projects_and_their_timeline(client, sekretariat, estate):
    for number in range(30):
        project = services.project_create(project=RenovationProject(estate=estate, title=f"Projekt {number:02}"))
        PhaseDate.objects.create(project=project, phase=Phase.IDEA, starts_on=datetime.date(2024, 1, 1))
    client.force_login(sekretariat)
    first = client.get(reverse("planning:project_list"))
    assert [project.title for project in first.context["projects"]] == [f"Projekt {n:02}" for n in range(25)]
    assert "Side 1 af 2" in first.text and "Projekt 24" in first.text and "Projekt 25" not in first.text
    second = client.get(reverse("planning:project_list") + "?side=2")
    assert [project.title for project in second.context["projects"]] == [f"Projekt {n:02}" for n in range(25, 30)]


def test_the_planned_meetings_of_a_cadence_are_counted_once_per_rule_start_and_year(monkeypatch, body):
    from planning import selectors

    selectors._cadence_count.cache_clear()
    walks = []
    original = Body.cadence_dates

    def counted(self, **kwargs):
        walks.append(self.cadence_rrule)
        return original(self, **kwargs)

    monkeypatch.setattr(Body, "cadence_dates", counted)
    first = selectors._planned_by_cadence(body.cadence_rrule, body.cadence_start, YEAR)
    assert selectors._planned_by_cadence(body.cadence_rrule, body.cadence_start, YEAR) == first
    assert len(walks) == 1
    selectors._planned_by_cadence(body.cadence_rrule, body.cadence_start, YEAR + 1)
    assert len(walks) == 2


def test_projects_of_the_same_estate_and_title_are_each_on_one_page_with_their_own_phases(client, sekretariat, estate):
    for number in range(26):
        project = services.project_create(project=RenovationProject(estate=estate, title="Helhedsplan"))
        PhaseDate.objects.create(project=project, phase=Phase.IDEA, starts_on=datetime.date(2024, 1, 1 + number))
    client.force_login(sekretariat)
    pages = [client.get(reverse("planning:project_list"), {"side": side}) for side in (1, 2)]
    listed = [project.pk for page in pages for project in page.context["projects"]]
    assert sorted(listed) == list(RenovationProject.objects.order_by("pk").values_list("pk", flat=True))
    # Each page's timeline has the phase of each of its projects and no other.
    for page in pages:
        starts = {row[2] for row in page.context["timeline"].table.rows}
        assert starts == {
            PhaseDate.objects.get(project_id=project.pk).starts_on for project in page.context["projects"]
        }
