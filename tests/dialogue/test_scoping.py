"""Scoped logins: a board member of KAB gets 404 on every URL of a BO-VEST object, whatever the page, download,
PDF, chart, export or action; and the other way round. The matrix walks the dialogue's URL patterns, so a new
pattern is covered (or the test fails) without anyone remembering to add it."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from dialogue import services
from dialogue.models import Goal, KeyFigure, Stage
from tests.dialogue.conftest import move_to

# The first word of the route tells which kind of object its <pk> names.
OBJECT_BY_PREFIX = {
    "runder": "round",
    "dokumenter": "document",
    "maal": "goal",
    "afdelinger": "estate",
    "organisationer": "organisation",
    "offentlig": "round",
}


def _dialogue_patterns() -> list[URLPattern]:
    resolver = next(entry for entry in get_resolver().url_patterns if getattr(entry, "namespace", None) == "dialogue")
    return [entry for entry in resolver.url_patterns if isinstance(entry, URLPattern)]


def _object_patterns() -> list[URLPattern]:
    return [pattern for pattern in _dialogue_patterns() if "pk" in pattern.pattern.converters]


@pytest.fixture
def world(organisations, sekretariat, board_member_a, board_member_b, estate_a, estate_b, pdf_file):
    """Everything of BO-VEST's and KAB's, so that each URL has an object of each organisation to point at."""
    objects = {}
    for key, organisation, estate, member in (
        ("BO-VEST", organisations["BO-VEST"], estate_a, board_member_a),
        ("KAB", organisations["KAB"], estate_b, board_member_b),
    ):
        round = services.round_create(organisation=organisation, year=2026, actor=sekretariat)
        document = services.document_upload(round=round, kind="regnskab", uploaded=pdf_file(), actor=member)
        move_to(round, Stage.AGREEMENT_DRAFT, sekretariat)
        goal = Goal(
            agreement=round.agreement,
            theme="oekonomi",
            measure="Indsats",
            target="Mål",
            deadline="2027-01-01",
            responsible="boligorganisation",
        )
        services.goal_save(goal=goal, actor=sekretariat)
        KeyFigure.objects.create(estate=estate, year=2025, measure="husleje_m2", value=900)
        objects[key] = {
            "round": round.pk,
            "document": document.pk,
            "goal": goal.pk,
            "estate": estate.pk,
            "organisation": organisation.pk,
        }
    return objects


def _url(pattern: URLPattern, ids: dict) -> str:
    kind = OBJECT_BY_PREFIX[str(pattern.pattern).split("/")[0]]
    kwargs = {"pk": ids[kind]}
    if "measure" in pattern.pattern.converters:
        kwargs["measure"] = "husleje_m2"
    return reverse(f"dialogue:{pattern.name}", kwargs=kwargs)


def test_every_object_pattern_is_in_the_matrix():
    unknown = [str(p.pattern) for p in _object_patterns() if str(p.pattern).split("/")[0] not in OBJECT_BY_PREFIX]
    assert unknown == []
    assert len(_object_patterns()) >= 20


@pytest.mark.parametrize(("user", "owner"), [("board_member_b", "BO-VEST"), ("board_member_a", "KAB")])
def test_board_member_gets_404_on_every_url_of_another_organisations_objects(client, request, world, user, owner):
    client.force_login(request.getfixturevalue(user))
    answers = {}
    for pattern in _object_patterns():
        url = _url(pattern, world[owner])
        answers[url] = (client.get(url).status_code, client.post(url).status_code)
    # Each URL answers 404 to the method it serves (and 405 to the other): never the page, never a 403.
    wrong = {url: codes for url, codes in answers.items() if 404 not in codes or set(codes) - {404, 405}}
    assert wrong == {}


def test_same_urls_work_for_own_organisation(client, board_member_a, world):
    """The 404s above come from the scoping, not from broken links: the owner gets the GET pages."""
    client.force_login(board_member_a)
    refused = {}
    for pattern in _object_patterns():
        url = _url(pattern, world["BO-VEST"])
        status = client.get(url).status_code
        if status in (403, 404) and not url.startswith("/styringsdialog/offentlig/"):
            refused[url] = status
    # Secretariat-only actions answer 403 (visible, not theirs to change); nothing of their own is hidden.
    assert set(refused.values()) <= {403}
    assert all(s != 404 for s in refused.values())


def test_list_pages_never_show_another_organisations_objects(client, board_member_b, world, sekretariat, organisations):
    services.comment_create(
        round=services.round_create(organisation=organisations["BO-VEST"], year=2025, actor=sekretariat),
        theme="oekonomi",
        text="Hemmelig BO-VEST-kommentar",
        actor=sekretariat,
    )
    client.force_login(board_member_b)
    for url in ("/styringsdialog/", "/styringsdialog/?aar=2025", "/styringsdialog/afdelinger/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "BO-VEST" not in response.text and "Galgebakken" not in response.text


def test_board_member_without_person_sees_nothing(client, django_user_model, world):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username="loes", password="hemmelig-kode-123")
    user.groups.add(Group.objects.get_or_create(name="Boligorganisation")[0])
    client.force_login(user)
    response = client.get("/styringsdialog/?aar=2026")
    assert response.status_code == 200 and list(response.context["rows"]) == []
    assert client.get(f"/styringsdialog/runder/{world['BO-VEST']['round']}/").status_code == 404
