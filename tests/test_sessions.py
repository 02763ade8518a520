"""Sessions end when idle or too old, deactivated users are out at once, and pages behind login are not cached."""

import time

from django.conf import settings

from lib.middleware import SIGNED_IN_AT


def test_pages_behind_login_are_not_stored_by_caches(client, medarbejder, body):
    client.force_login(medarbejder)
    assert "no-store" in client.get("/organer/sekretariat/")["Cache-Control"]


def test_public_pages_may_be_cached(client, body):
    assert "no-store" not in client.get("/organer/sekretariat/").get("Cache-Control", "")


def test_idle_timeout_is_thirty_minutes_and_renewed_on_each_request(client, medarbejder):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(medarbejder)
    client.get("/personer/")
    assert client.cookies["sessionid"]["max-age"] == 30 * 60


def test_absolute_timeout_ends_a_busy_session_after_12_hours(client, medarbejder):
    client.force_login(medarbejder)
    assert client.get("/personer/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()
    response = client.get("/personer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/personer/").status_code == 302


def test_deactivating_a_user_ends_their_live_sessions(client, medarbejder):
    client.force_login(medarbejder)
    assert client.get("/personer/").status_code == 200
    medarbejder.is_active = False
    medarbejder.save()
    assert client.get("/personer/").status_code == 302


def test_login_gives_a_new_session_id(client, medarbejder):
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "forud-kendt-id"
    client.post("/accounts/login/", {"username": "med", "password": "hemmelig-kode-123"})
    assert client.cookies["sessionid"].value != "forud-kendt-id"
