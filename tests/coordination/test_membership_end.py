import datetime

from coordination.models import Membership, Person


def test_secretariat_ends_a_membership_and_its_stand_ins(client, sekretariat, membership, organisations):
    trine = Person.objects.create(name="Trine Sander", organisation=organisations["BO-VEST"])
    stand_in = Membership.objects.create(
        body=membership.body,
        person=trine,
        role=Membership.Role.STAND_IN,
        start=datetime.date(2025, 1, 1),
        stands_in_for=membership,
    )
    client.force_login(sekretariat)
    response = client.post(f"/medlemskaber/{membership.pk}/afslut/", {"end": "2026-10-31"})
    assert response.status_code == 302
    membership.refresh_from_db()
    stand_in.refresh_from_db()
    assert membership.end == datetime.date(2026, 10, 31)
    assert stand_in.end == datetime.date(2026, 10, 31)


def test_an_end_before_the_start_is_refused_with_a_message(client, sekretariat, membership):
    client.force_login(sekretariat)
    response = client.post(f"/medlemskaber/{membership.pk}/afslut/", {"end": "2000-01-01"}, follow=True)
    assert "Medlemskabet blev ikke afsluttet" in response.content.decode()
    membership.refresh_from_db()
    assert membership.end is None


def test_get_is_refused_and_others_are_forbidden(client, medarbejder, membership):
    client.force_login(medarbejder)
    assert client.get(f"/medlemskaber/{membership.pk}/afslut/").status_code == 405
    assert client.post(f"/medlemskaber/{membership.pk}/afslut/", {"end": "2026-10-31"}).status_code == 403
    membership.refresh_from_db()
    assert membership.end is None


def test_anonymous_is_sent_to_login(client, membership):
    response = client.post(f"/medlemskaber/{membership.pk}/afslut/", {"end": "2026-10-31"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
