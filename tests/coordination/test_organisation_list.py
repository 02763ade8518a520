def test_organisations_grouped_by_kind_with_people(client, direktion, membership):
    client.force_login(direktion)
    html = client.get("/organisationer/").content.decode()
    assert "Kommunal forvaltning" in html
    assert "Boligorganisation" in html
    organisation = membership.person.organisation
    detail = client.get(f"/organisationer/{organisation.pk}/").content.decode()
    assert "Alice Petersen" in detail


def test_unknown_organisation_is_404(client, direktion, db):
    client.force_login(direktion)
    assert client.get("/organisationer/999999/").status_code == 404
