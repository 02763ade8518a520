"""Renovation projects: created with the coordination checklist, versioned edits, phases in order, experts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordination.models import Person
from planning import services
from planning.models import CoordinationTheme, Phase, PhaseDate, ProjectExpert, RenovationProject, ThemeCheck


def _plan(project, **changes) -> dict:
    data = {"read_version": project.version, "phase": Phase.IDEA}
    for theme in CoordinationTheme:
        data[f"{theme}_note"] = ""
    data.update(changes)
    return data


def test_new_project_gets_every_coordination_theme_unsettled(client, sekretariat, estate):
    client.force_login(sekretariat)
    response = client.post(
        reverse("planning:project_create"),
        {"estate": estate.pk, "title": "Helhedsplan", "budget": "1000", "lbf_support": "400"},
    )
    project = RenovationProject.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:project_plan", args=[project.pk])
    assert sorted(project.themes.values_list("theme", flat=True)) == sorted(CoordinationTheme.values)
    assert not ThemeCheck.objects.filter(done=True).exists()


def test_support_above_budget_is_refused_with_a_danish_message(client, sekretariat, estate):
    client.force_login(sekretariat)
    response = client.post(
        reverse("planning:project_create"), {"estate": estate.pk, "title": "X", "budget": "100", "lbf_support": "400"}
    )
    assert response.status_code == 200
    assert "Støtten kan ikke være større end budgettet." in response.content.decode()
    assert not RenovationProject.objects.exists()


def test_edit_of_a_stale_version_is_not_saved_and_shows_both_texts(client, sekretariat, project):
    client.force_login(sekretariat)
    url = reverse("planning:project_edit", args=[project.pk])
    form = {"estate": project.estate_id, "title": project.title, "read_version": 1}
    assert client.post(url, {**form, "description": "Første"}).status_code == 302
    response = client.post(url, {**form, "description": "Anden"})
    project.refresh_from_db()
    assert response.status_code == 200
    assert project.description == "Første"
    assert project.version == 2
    assert "En anden har gemt ændringer" in response.content.decode()


def test_plan_stores_phase_dates_and_checklist(client, sekretariat, project):
    client.force_login(sekretariat)
    data = _plan(
        project,
        phase=Phase.MASTER_PLAN,
        ide_start="2024-01-01",
        ide_end="2024-06-30",
        helhedsplan_start="2024-07-01",
        co2_done="on",
        co2_note="Klimastrategien følges",
    )
    response = client.post(reverse("planning:project_plan", args=[project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == Phase.MASTER_PLAN
    assert project.version == 2
    assert list(project.phase_dates.order_by("starts_on").values_list("phase", "ends_on")) == [
        ("ide", datetime.date(2024, 6, 30)),
        ("helhedsplan", None),
    ]
    check = project.themes.get(theme=CoordinationTheme.CLIMATE)
    assert (check.done, check.note) == (True, "Klimastrategien følges")


def test_plan_from_a_stale_version_is_refused(client, sekretariat, project):
    client.force_login(sekretariat)
    url = reverse("planning:project_plan", args=[project.pk])
    client.post(url, _plan(project, ide_start="2024-01-01"))
    response = client.post(url, _plan(project, ide_start="2020-01-01"), follow=True)
    assert "En anden har gemt projektet" in response.content.decode()
    assert PhaseDate.objects.get().starts_on == datetime.date(2024, 1, 1)


D = datetime.date


@pytest.mark.parametrize(
    ("phase", "dates", "field", "message"),
    [
        (
            Phase.IDEA,
            {Phase.IDEA: (D(2024, 1, 1), None), Phase.SCHEME_A: (D(2023, 1, 1), None)},
            "skema_a_start",
            "Faserne skal ligge i rækkefølge",
        ),
        (
            Phase.IDEA,
            {Phase.IDEA: (D(2024, 1, 1), D(2023, 1, 1))},
            "ide_end",
            "Fasen kan ikke slutte, før den begynder.",
        ),
        (Phase.IDEA, {Phase.IDEA: (None, D(2023, 1, 1))}, "ide_start", "Angiv hvornår fasen begynder"),
        (Phase.SCHEME_B, {}, "skema_b_start", "Den aktuelle fase skal have en startdato."),
    ],
)
def test_impossible_phase_dates_are_refused(project, phase, dates, field, message):
    with pytest.raises(ValidationError) as error:
        services.project_plan_update(project=project, read_version=1, phase=phase, phase_dates=dates, themes={})
    assert any(message in text for text in error.value.message_dict[field])
    assert not PhaseDate.objects.exists()


def test_expert_is_called_in_once_and_can_be_removed(client, sekretariat, project, organisations):
    person = Person.objects.create(name="Karen Arkitekt", organisation=organisations["MTF"])
    client.force_login(sekretariat)
    url = reverse("planning:expert_add", args=[project.pk])
    client.post(url, {"person": person.pk, "role": "arkitekt"})
    response = client.post(url, {"person": person.pk, "role": "igen"}, follow=True)
    assert "Karen Arkitekt er allerede knyttet til projektet." in response.content.decode()
    expert = ProjectExpert.objects.get()
    assert expert.role == "arkitekt"
    client.post(reverse("planning:expert_remove", args=[expert.pk]))
    assert not ProjectExpert.objects.exists()


def test_project_detail_shows_themes_experts_and_phases(client, medarbejder, project):
    PhaseDate.objects.create(project=project, phase=Phase.IDEA, starts_on=datetime.date(2024, 3, 1))
    PhaseDate.objects.create(project=project, phase=Phase.MASTER_PLAN, starts_on=datetime.date(2025, 1, 1))
    project.themes.filter(theme=CoordinationTheme.RAINWATER).update(done=True, note="LAR-løsning aftalt")
    client.force_login(medarbejder)
    page = client.get(reverse("planning:project_detail", args=[project.pk])).content.decode()
    assert "LAR-løsning aftalt" in page
    assert "1. marts 2024" in page
    assert "<td>1. januar 2025</td><td>i gang</td>" in page
    assert "Ret faser og temaer" not in page  # read only for Medarbejder


def test_delete_needs_confirmation_and_removes_project_with_its_checklist(client, sekretariat, project):
    client.force_login(sekretariat)
    url = reverse("planning:project_delete", args=[project.pk])
    response = client.post(url, follow=True)
    assert "Intet er slettet" in response.content.decode()
    assert RenovationProject.objects.exists()
    client.post(url, {"bekraeft": "on"})
    assert not RenovationProject.objects.exists()
    assert not ThemeCheck.objects.exists()
