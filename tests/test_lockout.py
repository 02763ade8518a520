"""Five failed logins lock the account and the address for 15 minutes, with a Danish message."""

import datetime

from axes.models import AccessAttempt
from django.utils import timezone

GOOD = "hemmelig-kode-123"


def _login(client, username, password, ip="203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_with_a_danish_message(client, sekretariat):
    for _ in range(4):
        assert _login(client, "sekr", "forkert").status_code == 200
    locked = _login(client, "sekr", "forkert")
    assert locked.status_code == 429
    assert "spærret i 15 minutter" in locked.content.decode()
    # The right password does not help while locked, from another address either.
    assert _login(client, "sekr", GOOD, ip="198.51.100.1").status_code == 429


def test_the_address_is_locked_for_other_accounts_too(client, sekretariat, direktion):
    for _ in range(5):
        _login(client, "sekr", "forkert")
    assert _login(client, "dir", GOOD).status_code == 429
    assert _login(client, "dir", GOOD, ip="198.51.100.2").status_code == 302


def test_the_lock_lifts_after_15_minutes(client, sekretariat):
    for _ in range(5):
        _login(client, "sekr", "forkert")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, "sekr", GOOD).status_code == 302


def test_a_success_resets_the_count(client, sekretariat):
    for _ in range(4):
        _login(client, "sekr", "forkert")
    assert _login(client, "sekr", GOOD).status_code == 302
    client.logout()
    assert _login(client, "sekr", "forkert").status_code == 200
