"""What the planning pages show each role: the menu, the dashboard's sections, the homes for the elderly form."""

import datetime
import re

import pytest
from django.urls import reverse

from dialogue import charts as dialogue_charts
from dialogue import services as dialogue_services
from planning import charts as planning_charts
from planning.models import ElderlyHousing, Phase, PhaseDate
from tests.planning.conftest import make_meetings


@pytest.mark.parametrize(
    ("role", "link"),
    [
        ("sekretariat", "/planlaegning/"),
        ("direktion", "/planlaegning/"),
        ("medarbejder", "/planlaegning/projekter/"),
        ("board_member_a", None),
        ("outsider", None),
    ],
)
def test_menu_leads_each_role_to_its_planning_page(client, request, role, link):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("home")).content.decode()
    if link:
        assert f'href="{link}">Planlægning</a>' in page
    else:
        assert ">Planlægning</a>" not in page


def test_dashboard_shows_bodies_dialogue_stages_and_pipeline(
    client, direktion, sekretariat, body, membership, project, organisations
):
    make_meetings(body=body, year=2025, count=2, person=membership.person)
    dialogue_services.round_create(organisation=organisations["KAB"], year=2025, actor=sekretariat)
    PhaseDate.objects.create(project=project, phase=Phase.IDEA, starts_on=datetime.date(2025, 2, 1))
    client.force_login(direktion)
    page = client.get(reverse("planning:dashboard"), {"aar": 2025}).content.decode()
    assert "Overblik over boligkoordineringen 2025" in page
    assert f'<th scope="row">{body.name}</th>' in page
    assert "Styringsdialog 2025 pr. boligorganisation" in page
    assert "Forberedelse" in page and "Ikke startet" in page  # KAB started, BO-VEST not
    assert "Renoveringsprojekter efter fase" in page
    assert reverse("planning:dashboard_export", args=["moeder", "xlsx"]) + "?aar=2025" in page


def test_dashboard_chart_follows_its_numbers(client, direktion, body, membership):
    """A process keeps the charts it drew (dialogue.charts): the same numbers give the same chart, and a changed
    number a new one, the chart drawn afresh."""
    make_meetings(body=body, year=2025, count=2, person=membership.person)
    client.force_login(direktion)

    def meetings_chart() -> str:
        page = client.get(reverse("planning:dashboard"), {"aar": 2025}).content.decode()
        return re.search(r'<svg [^>]*aria-labelledby="graf-moeder-title.*?</svg>', page, re.S).group()

    before = meetings_chart()
    assert meetings_chart() == before
    assert 'font-size="10">2</text>' in before  # the held meetings' bar carries its count
    make_meetings(body=body, year=2025, count=3, person=membership.person)
    after = meetings_chart()
    assert 'font-size="10">5</text>' in after and 'font-size="10">2</text>' not in after
    dialogue_charts._line_chart.cache_clear()
    planning_charts._bar_chart.cache_clear()
    assert meetings_chart() == after


def test_dashboard_ignores_an_impossible_year(client, direktion):
    client.force_login(direktion)
    response = client.get(reverse("planning:dashboard"), {"aar": "1066"})
    assert response.status_code == 200
    assert f"Overblik over boligkoordineringen {datetime.date.today().year}" in response.content.decode()


def test_homes_for_the_elderly_are_added_and_checked(client, sekretariat):
    client.force_login(sekretariat)
    url = reverse("planning:elderly_housing_create")
    form = {"kind": ElderlyHousing.Kind.SENIOR, "name": "Seniorbofællesskab", "units": 30, "first_year": 2030}
    response = client.post(url, {**form, "last_year": 2020})
    assert response.status_code == 200
    assert "Sidste år kan ikke ligge før året, boligerne tages i brug." in response.content.decode()
    assert not ElderlyHousing.objects.exists()
    assert client.post(url, form).status_code == 302
    housing = ElderlyHousing.objects.get()
    client.post(reverse("planning:elderly_housing_edit", args=[housing.pk]), {**form, "units": 32})
    assert ElderlyHousing.objects.get().units == 32
    client.post(reverse("planning:elderly_housing_delete", args=[housing.pk]))
    assert not ElderlyHousing.objects.exists()


def test_pages_without_data_say_so_instead_of_an_empty_chart(client, medarbejder):
    client.force_login(medarbejder)
    for name in ["planning:population", "planning:dwellings", "planning:project_list"]:
        page = client.get(reverse(name)).content.decode()
        assert "Der er ingen tal at vise endnu." in page
        assert "<svg" not in page


@pytest.mark.parametrize(
    ("role", "tabs"),
    [
        (
            "sekretariat",
            [
                "Overblik",
                "Befolkning",
                "Boliger",
                "Ældre og ældreboliger",
                "Renoveringsprojekter",
                "Årlig evaluering",
                "Indlæs data",
            ],
        ),
        (
            "direktion",
            ["Overblik", "Befolkning", "Boliger", "Ældre og ældreboliger", "Renoveringsprojekter", "Årlig evaluering"],
        ),
        ("medarbejder", ["Befolkning", "Boliger", "Ældre og ældreboliger", "Renoveringsprojekter"]),
    ],
)
def test_planning_tabs_are_those_the_role_may_open_with_the_current_one_marked(client, request, role, tabs):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("planning:project_list")).content.decode()
    nav = re.search(r'<ul class="nav nav-tabs">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r'">([^<>]+)</a></li>', nav) == tabs
    assert f'class="nav-link active" aria-current="page" href="{reverse("planning:project_list")}"' in nav
    assert nav.count("active") == 1


def test_planning_tabs_follow_the_chosen_language(client, settings, sekretariat):
    client.force_login(sekretariat)
    page = client.get(reverse("planning:population")).content.decode()
    assert ">Befolkning</a></li>" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("planning:population")).content.decode()
    assert ">Population</a></li>" in page and ">Befolkning</a></li>" not in page
