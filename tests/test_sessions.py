"""Sessions end when idle or too old, deactivated users are out at once, and pages behind login are not cached."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lib.middleware import SEEN_AT, SIGNED_IN_AT


def test_pages_behind_login_are_not_stored_by_caches(client, medarbejder, body):
    client.force_login(medarbejder)
    assert "no-store" in client.get("/organer/sekretariat/")["Cache-Control"]


def test_public_pages_may_be_cached(client, body):
    assert "no-store" not in client.get("/organer/sekretariat/").get("Cache-Control", "")


def _stored_session(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_idle_timeout_is_thirty_minutes_and_a_request_a_minute_later_renews_it(client, medarbejder):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(medarbejder)
    client.get("/personer/")
    session = client.session
    session[SEEN_AT] = int(time.time()) - 61
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=2))
    client.get("/personer/")
    assert client.cookies["sessionid"]["max-age"] == 30 * 60
    assert _stored_session(client).expire_date > timezone.now() + timedelta(minutes=29)


def test_requests_within_a_minute_do_not_write_the_session(client, medarbejder):
    client.force_login(medarbejder)
    client.get("/personer/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/personer/").status_code == 200
    assert not [query for query in queries.captured_queries if query["sql"].startswith("UPDATE")]


def test_a_session_idle_for_thirty_minutes_has_ended(client, medarbejder):
    client.force_login(medarbejder)
    assert client.get("/personer/").status_code == 200
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/personer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


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
