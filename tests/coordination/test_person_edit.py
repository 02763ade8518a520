from coordination.models import Person


def test_secretariat_creates_a_person(client, sekretariat, organisations):
    client.force_login(sekretariat)
    response = client.post(
        "/personer/ny/",
        {
            "name": "Bjørn Emil Jensen",
            "title": "Planteam",
            "organisation": organisations["MTF"].pk,
            "email": "bej@example.dk",
            "phone": "",
        },
    )
    person = Person.objects.get(name="Bjørn Emil Jensen")
    assert response["Location"] == f"/personer/{person.pk}/"


def test_bad_email_rerenders_and_saves_nothing(client, sekretariat, organisations):
    client.force_login(sekretariat)
    response = client.post(
        "/personer/ny/", {"name": "X", "organisation": organisations["MTF"].pk, "email": "ikke-en-adresse"}
    )
    assert response.status_code == 200
    assert "Indtast en gyldig e-mail-adresse" in response.content.decode()
    assert not Person.objects.filter(name="X").exists()


def test_script_in_a_name_is_shown_as_text(client, sekretariat, organisations):
    client.force_login(sekretariat)
    client.post("/personer/ny/", {"name": "<script>alert(1)</script>", "organisation": organisations["MTF"].pk})
    person = Person.objects.get(name="<script>alert(1)</script>")
    html = client.get(f"/personer/{person.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_direktion_may_read_but_not_edit(client, direktion, membership):
    client.force_login(direktion)
    assert client.get(f"/personer/{membership.person.pk}/").status_code == 200
    assert client.post(f"/personer/{membership.person.pk}/rediger/", {"name": "Y"}).status_code == 403
