"""Personal data: exported whole, anonymised when a person leaves, erased only where no case record needs it."""

import json

from coordination.models import Body, Membership, Person
from lib.models import AuditEntry


def test_secretariat_exports_a_persons_data_as_json(client, sekretariat, membership):
    client.force_login(sekretariat)
    response = client.get(f"/personer/{membership.person.pk}/persondata.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["felter"]["email"] == "alice@example.dk"
    assert any(row["model"] == "coordination.membership" for row in data["relateret"])


def test_the_export_as_pdf(client, sekretariat, membership):
    client.force_login(sekretariat)
    response = client.get(f"/personer/{membership.person.pk}/persondata.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_a_user_downloads_their_own_data(client, medarbejder):
    client.force_login(medarbejder)
    data = json.loads(client.get("/mine-data.json").content)
    assert data["login"]["brugernavn"] == "med"


def test_a_person_who_leaves_is_anonymised_and_minutes_stay_readable(
    client, sekretariat, membership, django_user_model
):
    person = membership.person
    person.user = django_user_model.objects.create_user("alice", email="alice@example.dk")
    person.save()
    client.force_login(sekretariat)
    client.post(f"/personer/{person.pk}/anonymiser/")
    person.refresh_from_db()
    membership.refresh_from_db()
    assert person.name.startswith("Tidligere medlem")
    assert person.email == "" and person.phone == ""
    assert membership.end is not None
    user = django_user_model.objects.get(username__startswith="anonymiseret-")
    assert not user.is_active and user.email == ""
    html = client.get("/organer/sekretariat/").content.decode()
    assert "Tidligere medlem" in html
    assert "Alice Petersen" not in html


def test_erasure_is_refused_where_case_records_need_the_person_and_the_reason_is_logged(
    client, sekretariat, membership
):
    client.force_login(sekretariat)
    response = client.post(f"/personer/{membership.person.pk}/slet/", follow=True)
    assert "Sletning afvist" in response.content.decode()
    assert Person.objects.filter(pk=membership.person.pk).exists()
    entry = AuditEntry.objects.get(action="refused", object_type="coordination.person")
    assert "pligt til at opbevare" in entry.changes["begrundelse"]


def test_a_person_with_no_records_is_erased(client, sekretariat, organisations):
    person = Person.objects.create(name="Fejloprettet", organisation=organisations["MTF"])
    client.force_login(sekretariat)
    client.post(f"/personer/{person.pk}/slet/")
    assert not Person.objects.filter(pk=person.pk).exists()


def test_only_the_secretariat_handles_personal_data(client, direktion, membership):
    client.force_login(direktion)
    assert client.get(f"/personer/{membership.person.pk}/persondata.json").status_code == 403
    assert client.post(f"/personer/{membership.person.pk}/anonymiser/").status_code == 403
    assert client.get(f"/personer/{membership.person.pk}/anonymiser/").status_code == 405
    assert Body.objects.count() == 2 and Membership.objects.get().end is None


def test_privacy_page_is_public(client, db):
    assert "Privatlivspolitik" in client.get("/privatliv/").content.decode()
