"""Two-factor login: required for the secretariat and the directors, optional for others, codes used once."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture(autouse=True)
def required_for_staff(settings):
    settings.OTP_REQUIRED_ROLES = ["Sekretariat", "Direktion"]


def _code(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += offset
    return f"{totp.token():06d}"


def _login(client, username):
    return client.post("/accounts/login/", {"username": username, "password": "hemmelig-kode-123"})


def _enrol(client) -> tuple[TOTPDevice, list[str]]:
    client.get("/accounts/2fa/opsaet/")
    device = TOTPDevice.objects.get(confirmed=False)
    html = client.post("/accounts/2fa/opsaet/", {"token": _code(device)}).content.decode()
    return device, re.findall(r"<li>([0-9a-f]{8})</li>", html)


@pytest.mark.parametrize("url", ["/", "/personer/", "/organer/sekretariat/", "/revisionsspor/"])
def test_secretariat_without_a_device_is_sent_to_enrolment_from_every_url(client, sekretariat, body, url):
    _login(client, "sekr")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/opsaet/")


def test_enrolment_shows_a_qr_code_and_gives_ten_recovery_codes(client, direktion):
    _login(client, "dir")
    html = client.get("/accounts/2fa/opsaet/").content.decode()
    assert "<svg" in html
    assert "Opsæt to-faktor-login" in html
    device, codes = _enrol(client)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10
    assert client.get("/personer/").status_code == 200


def test_a_wrong_code_does_not_confirm_the_device(client, direktion):
    _login(client, "dir")
    client.get("/accounts/2fa/opsaet/")
    response = client.post("/accounts/2fa/opsaet/", {"token": "000000"})
    assert "Koden passer ikke" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/personer/").status_code == 302


def test_next_login_asks_for_a_code_and_a_used_code_cannot_be_replayed(client, sekretariat):
    _login(client, "sekr")
    device, _ = _enrol(client)
    client.post("/accounts/logout/")
    _login(client, "sekr")
    assert client.get("/personer/")["Location"].startswith("/accounts/2fa/bekraeft/")
    code = _code(device, offset=30)
    assert client.post("/accounts/2fa/bekraeft/", {"token": code, "next": "/personer/"})["Location"] == "/personer/"
    client.post("/accounts/logout/")
    _login(client, "sekr")
    replay = client.post("/accounts/2fa/bekraeft/", {"token": code})
    assert "forkert eller allerede brugt" in replay.content.decode()
    assert client.get("/personer/").status_code == 302


def test_a_recovery_code_works_once(client, sekretariat):
    _login(client, "sekr")
    _, codes = _enrol(client)
    for attempt in range(2):
        client.post("/accounts/logout/")
        _login(client, "sekr")
        response = client.post("/accounts/2fa/bekraeft/", {"token": codes[0], "next": "/personer/"})
        if attempt == 0:
            assert response["Location"] == "/personer/"
        else:
            assert response.status_code == 200


def test_medarbejder_is_not_forced_but_may_enrol(client, medarbejder):
    _login(client, "med")
    assert client.get("/personer/").status_code == 200
    _, codes = _enrol(client)
    assert len(codes) == 10
    client.post("/accounts/logout/")
    _login(client, "med")
    assert client.get("/personer/")["Location"].startswith("/accounts/2fa/bekraeft/")


@pytest.mark.parametrize("kind", [TOTPDevice, StaticDevice])
def test_a_user_with_either_kind_of_device_is_asked_for_a_code(client, medarbejder, kind):
    _login(client, "med")
    assert client.get("/personer/").status_code == 200
    kind.objects.create(user=medarbejder, name="enhed", confirmed=True)
    assert client.get("/personer/")["Location"].startswith("/accounts/2fa/bekraeft/")


def test_an_unconfirmed_device_asks_for_no_code(client, medarbejder):
    _login(client, "med")
    TOTPDevice.objects.create(user=medarbejder, name="enhed", confirmed=False)
    assert client.get("/personer/").status_code == 200


def test_changing_the_device_asks_for_the_password_again(client, sekretariat):
    _login(client, "sekr")
    _enrol(client)
    html = client.get("/accounts/2fa/opsaet/").content.decode()
    assert "Din adgangskode" in html
    new = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/2fa/opsaet/", {"token": _code(new), "password": "forkert"})
    assert "Adgangskoden er forkert" in response.content.decode()
    assert TOTPDevice.objects.filter(confirmed=True).count() == 1
    new.refresh_from_db()
    assert not new.confirmed


def test_changing_email_asks_for_the_password_again(client, medarbejder):
    client.force_login(medarbejder)
    response = client.post("/accounts/konto/", {"email": "ny@example.dk", "password": "forkert"})
    assert "Adgangskoden er forkert" in response.content.decode()
    medarbejder.refresh_from_db()
    assert medarbejder.email == ""
    client.post("/accounts/konto/", {"email": "ny@example.dk", "password": "hemmelig-kode-123"})
    medarbejder.refresh_from_db()
    assert medarbejder.email == "ny@example.dk"


def test_the_setting_switches_the_requirement_off(client, sekretariat, settings):
    settings.OTP_REQUIRED_ROLES = []
    _login(client, "sekr")
    assert client.get("/personer/").status_code == 200
