from coordination.models import Membership, Person


def test_secretariat_adds_a_member(client, sekretariat, body, organisations):
    person = Person.objects.create(name="Søs Meyling", organisation=organisations["MTF"])
    client.force_login(sekretariat)
    response = client.post(
        "/organer/sekretariat/medlemmer/ny/",
        {"person": person.pk, "role": "medlem", "capacity": "Tilsyn, FF", "start": "2026-11-01"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(body=body, person=person)
    assert membership.capacity == "Tilsyn, FF"


def test_stand_in_for_a_member_on_leave(client, sekretariat, membership, organisations):
    trine = Person.objects.create(name="Trine Sander", organisation=organisations["BO-VEST"])
    client.force_login(sekretariat)
    response = client.post(
        "/organer/sekretariat/medlemmer/ny/",
        {
            "person": trine.pk,
            "role": "stedfortræder",
            "start": "2026-11-01",
            "end": "2027-08-31",
            "stands_in_for": membership.pk,
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=trine).stands_in_for == membership
    html = client.get("/organer/sekretariat/").content.decode()
    assert "for Alice Petersen" in html


def test_end_before_start_rerenders_in_danish_and_saves_nothing(client, sekretariat, body, organisations):
    person = Person.objects.create(name="Hans Henrik Høeg", organisation=organisations["MTF"])
    client.force_login(sekretariat)
    response = client.post(
        "/organer/sekretariat/medlemmer/ny/",
        {"person": person.pk, "role": "medlem", "start": "2026-11-01", "end": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "Slutdatoen ligger før startdatoen" in response.content.decode()
    assert not Membership.objects.filter(person=person).exists()


def test_same_person_twice_from_the_same_day_is_refused(client, sekretariat, membership):
    client.force_login(sekretariat)
    response = client.post(
        "/organer/sekretariat/medlemmer/ny/",
        {"person": membership.person.pk, "role": "medlem", "start": membership.start.isoformat()},
    )
    assert response.status_code == 200
    assert Membership.objects.filter(person=membership.person).count() == 1


def test_medarbejder_may_not_add_members(client, medarbejder, body):
    client.force_login(medarbejder)
    assert client.get("/organer/sekretariat/medlemmer/ny/").status_code == 403
