def _form(body, **changes):
    data = {
        "name": body.name,
        "kind": body.kind,
        "parent": body.parent_id or "",
        "description": "Ny beskrivelse",
        "participants_note": "",
        "cadence_label": "Hver anden måned",
        "cadence_rrule": "FREQ=MONTHLY;INTERVAL=2",
        "cadence_start": "2026-01-06T09:00",
        "read_version": body.version,
    }
    data.update(changes)
    return data


def test_secretariat_changes_the_cadence(client, sekretariat, body):
    client.force_login(sekretariat)
    response = client.post("/organer/sekretariat/rediger/", _form(body))
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.cadence_rrule == "FREQ=MONTHLY;INTERVAL=2"
    assert body.cadence_label == "Hver anden måned"


def test_bad_rrule_rerenders_with_the_error_beside_the_field_and_saves_nothing(client, sekretariat, body):
    client.force_login(sekretariat)
    response = client.post("/organer/sekretariat/rediger/", _form(body, cadence_rrule="HVER TIRSDAG"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ugyldig RRULE" in html
    assert "Formularen er ikke gemt" in html
    body.refresh_from_db()
    assert body.cadence_rrule == "FREQ=MONTHLY;BYDAY=1TU"
    assert body.description == ""


def test_a_body_cannot_be_placed_under_its_own_child(client, sekretariat, body):
    client.force_login(sekretariat)
    parent = body.parent
    response = client.post("/organer/intern-styregruppe/rediger/", _form(parent, parent=body.pk, cadence_rrule=""))
    assert response.status_code == 200
    assert "under sig selv" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_direktion_may_not_edit(client, direktion, body):
    client.force_login(direktion)
    assert client.post("/organer/sekretariat/rediger/", _form(body)).status_code == 403
    body.refresh_from_db()
    assert body.description == ""


def test_wrong_method_is_refused(client, sekretariat, body):
    client.force_login(sekretariat)
    assert client.delete("/organer/sekretariat/rediger/").status_code == 405


def test_two_secretaries_at_once_the_second_is_told_and_sees_both_texts(client, sekretariat, body, make_user):
    from django.test import Client

    from lib.roles import Role

    other = Client()
    other.force_login(make_user("sekr2", Role.SEKRETARIAT))
    client.force_login(sekretariat)
    first = _form(body, description="Alices tekst")
    second = _form(body, description="Søs' tekst")
    assert client.post("/organer/sekretariat/rediger/", first).status_code == 302
    response = other.post("/organer/sekretariat/rediger/", second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in html
    assert "Alices tekst" in html and "Søs&#x27; tekst" in html
    assert 'name="read_version" value="2"' in html
    body.refresh_from_db()
    assert body.description == "Alices tekst"
    assert body.version == 2
    # Saving again, knowingly, replaces the stored text.
    again = _form(body, description="Søs' tekst")
    assert other.post("/organer/sekretariat/rediger/", again).status_code == 302
    body.refresh_from_db()
    assert body.description == "Søs' tekst"
    assert body.version == 3
