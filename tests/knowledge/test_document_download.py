"""Who may open a library document and download its versions: the visibility matrix, through the checked views."""

import pytest

from lib.models import AuditEntry
from tests.knowledge.conftest import VISIBLE


@pytest.mark.parametrize("role", sorted(VISIBLE))
@pytest.mark.parametrize("key", ["public", "internal", "body", "org_a", "org_b"])
def test_detail_and_download_follow_visibility(client, request, library, role, key):
    client.force_login(request.getfixturevalue(role))
    document = library[key]
    version = document.versions.get()
    expected = 200 if key in VISIBLE[role] else 404
    assert client.get(document.get_absolute_url()).status_code == expected
    assert client.get(version.get_absolute_url()).status_code == expected


def test_anonymous_downloads_a_public_document(client, library):
    version = library["public"].versions.get()
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("key", ["internal", "body", "org_a"])
def test_anonymous_is_sent_to_login_for_anything_not_public(client, library, key):
    document = library[key]
    for url in (document.get_absolute_url(), document.versions.get().get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_unknown_document_is_404_for_a_user(client, sekretariat, db):
    client.force_login(sekretariat)
    assert client.get("/viden/dokumenter/999999/").status_code == 404
    assert client.get("/viden/versioner/999999/hent/").status_code == 404


def test_download_is_audited(client, sekretariat, library):
    client.force_login(sekretariat)
    version = library["internal"].versions.get()
    client.get(version.get_absolute_url())
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.DOWNLOAD).get()
    assert entry.actor == sekretariat and entry.object_id == str(version.pk)


def test_wrong_method_is_405(client, sekretariat, library):
    client.force_login(sekretariat)
    document = library["public"]
    assert client.post(document.get_absolute_url()).status_code == 405
    assert client.post(document.versions.get().get_absolute_url()).status_code == 405


def test_detail_shows_share_form_only_to_portal_users(client, outsider, medarbejder, library):
    client.force_login(outsider)
    assert "Del med en kollega" not in client.get(library["public"].get_absolute_url()).text
    client.force_login(medarbejder)
    assert "Del med en kollega" in client.get(library["public"].get_absolute_url()).text
