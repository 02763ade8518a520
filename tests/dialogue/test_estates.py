from io import StringIO

import pytest
from django.core.exceptions import ValidationError

from coordination.models import Organisation
from dialogue import services
from dialogue.models import Benchmark, DialogueRound, Estate, KeyFigure


@pytest.fixture
def albertslund_housing(db):
    for name in [
        "BO-VEST",
        "KAB/Hedemarken",
        "DAB/Rådhusdammen",
        "KKIK/Det Internationale Kollegium",
        "KKIK/Morbærhaven",
    ]:
        Organisation.objects.get_or_create(short_name=name, defaults={"name": name, "kind": Organisation.Kind.HOUSING})


def test_estate_must_belong_to_a_housing_organisation(organisations):
    estate = Estate(
        organisation=organisations["MTF"], number="1", name="X", address="Y", units=1, area_m2=10, year_built=1970
    )
    with pytest.raises(ValidationError) as error:
        estate.full_clean()
    assert "organisation" in error.value.message_dict


def test_demo_data_loads_marked_estates_figures_and_rounds_for_every_organisation(albertslund_housing):
    services.demo_data_load()
    assert Estate.objects.count() == 7
    assert not Estate.objects.filter(is_demo=False).exists()
    assert set(Estate.objects.values_list("name", flat=True)) >= {"Galgebakken (demo)", "Hedemarken (demo)"}
    assert KeyFigure.objects.filter(estate__name="Morbærhaven (demo)", year=2025).exists()
    assert Benchmark.objects.filter(year=2025).exists()
    assert DialogueRound.objects.filter(is_demo=True).count() == 10
    assert set(DialogueRound.objects.values_list("organisation__short_name", flat=True)) == {
        "BO-VEST",
        "KAB/Hedemarken",
        "DAB/Rådhusdammen",
        "KKIK/Det Internationale Kollegium",
        "KKIK/Morbærhaven",
    }


def test_demo_data_twice_changes_nothing(albertslund_housing):
    services.demo_data_load()
    counts = (Estate.objects.count(), KeyFigure.objects.count(), DialogueRound.objects.count())
    services.demo_data_load()
    assert (Estate.objects.count(), KeyFigure.objects.count(), DialogueRound.objects.count()) == counts


def test_demo_data_never_overwrites_a_real_estate(albertslund_housing):
    real = Estate.objects.create(
        organisation=Organisation.objects.get(short_name="BO-VEST"),
        number="VA-01",
        name="Galgebakken",
        address="Rigtig adresse",
        units=1,
        area_m2=100,
        year_built=1974,
    )
    services.demo_data_load()
    real.refresh_from_db()
    assert (real.name, real.is_demo, real.area_m2) == ("Galgebakken", False, 100)
    assert not KeyFigure.objects.filter(estate=real).exists()


def test_estate_list_shows_board_member_only_their_own_estates(client, board_member_b, estate_a, estate_b):
    client.force_login(board_member_b)
    response = client.get("/styringsdialog/afdelinger/")
    assert response.status_code == 200
    assert "Hedemarken" in response.text
    assert "Galgebakken" not in response.text


def test_estate_list_shows_secretariat_every_estate(client, sekretariat, estate_a, estate_b):
    client.force_login(sekretariat)
    response = client.get("/styringsdialog/afdelinger/")
    assert "Hedemarken" in response.text and "Galgebakken" in response.text


def test_estate_detail_marks_demo_data(client, sekretariat, estate_a):
    estate_a.is_demo = True
    estate_a.save()
    client.force_login(sekretariat)
    response = client.get(estate_a.get_absolute_url())
    assert response.status_code == 200
    assert "Demodata" in response.text
    assert "62000 m²" in response.text


def test_estate_pages_refuse_anonymous_outsider_and_medarbejder(client, outsider, medarbejder, estate_a):
    url = estate_a.get_absolute_url()
    assert client.get(url).status_code == 302
    for user in (outsider, medarbejder):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get("/styringsdialog/afdelinger/").status_code == 403


def test_estate_detail_refuses_post(client, sekretariat, estate_a):
    client.force_login(sekretariat)
    assert client.post(estate_a.get_absolute_url()).status_code == 405


def test_secretariat_creates_and_edits_estate(client, sekretariat, organisations):
    client.force_login(sekretariat)
    data = {
        "organisation": organisations["KAB"].pk,
        "number": "HM-02",
        "name": "Hedemarken Øst",
        "address": "Hedemarken 2, 2620 Albertslund",
        "units": 120,
        "area_m2": 9800,
        "year_built": 1969,
    }
    response = client.post("/styringsdialog/afdelinger/ny/", data)
    estate = Estate.objects.get(number="HM-02")
    assert response["Location"] == estate.get_absolute_url()
    response = client.post(f"/styringsdialog/afdelinger/{estate.pk}/rediger/", {**data, "units": 121})
    estate.refresh_from_db()
    assert estate.units == 121 and not estate.is_demo


def test_estate_form_refuses_non_housing_organisation(client, sekretariat, organisations):
    client.force_login(sekretariat)
    response = client.post(
        "/styringsdialog/afdelinger/ny/",
        {
            "organisation": organisations["MTF"].pk,
            "number": "1",
            "name": "X",
            "address": "Y",
            "units": 1,
            "area_m2": 1,
            "year_built": 1970,
        },
    )
    assert response.status_code == 200
    assert not Estate.objects.exists()


def test_board_member_cannot_edit_own_estate(client, board_member_a, estate_a):
    client.force_login(board_member_a)
    assert client.get(f"/styringsdialog/afdelinger/{estate_a.pk}/rediger/").status_code == 403
    assert client.get("/styringsdialog/afdelinger/ny/").status_code == 403


def test_estate_edit_refuses_put(client, sekretariat, estate_a):
    client.force_login(sekretariat)
    assert client.put(f"/styringsdialog/afdelinger/{estate_a.pk}/rediger/").status_code == 405


def test_seed_demo_loads_the_dialogue_demo_data_once(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Estate.objects.filter(is_demo=True).count() == 7
    assert DialogueRound.objects.filter(is_demo=True).count() == 10
    assert DialogueRound.objects.filter(published_at__isnull=False).count() == 5


def test_estate_list_is_paginated_with_bounded_queries(
    client, sekretariat, organisations, django_assert_max_num_queries
):
    Estate.objects.bulk_create(
        Estate(
            organisation=organisations["KAB"],
            number=f"{n:03}",
            name=f"Afd {n:03}",
            address="Vej",
            units=1,
            area_m2=100,
            year_built=1970,
        )
        for n in range(130)
    )
    client.force_login(sekretariat)
    with django_assert_max_num_queries(12):
        response = client.get("/styringsdialog/afdelinger/")
    assert "Afd 099" in response.text and "Afd 100" not in response.text
    assert "Side 1 af 2" in response.text
    assert "Afd 129" in client.get("/styringsdialog/afdelinger/?side=2").text
